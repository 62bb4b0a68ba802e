package dev.obsdemo.common.problem.mapper;

import com.fasterxml.jackson.databind.JsonMappingException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;

/**
 * Names an invalid field the way the client wrote it, as a path into the JSON body: {@code userId},
 * {@code items[0].quantity}, {@code items[1]} for an element of a list. The same path whether Jackson could not
 * read the field or Bean Validation rejected its value, so a client can match {@code errors[].field} to its
 * own request in both cases.
 */
public final class FieldPaths {

    private FieldPaths() {}

    /**
     * The path of the field Jackson failed on, from its reference chain; empty when the failure is not in a
     * field (the body itself is of the wrong shape).
     */
    public static String of(JsonMappingException failure) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : failure.getPath()) {
            if (reference.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /**
     * The path of the value a constraint rejected, without the nodes that mean nothing to a client: the
     * resource method and the parameter holding the body ({@code create.body.items[0].quantity} becomes
     * {@code items[0].quantity}). A constraint on a parameter itself (a query parameter, a missing body) is
     * named by the parameter.
     */
    public static String of(ConstraintViolation<?> violation) {
        StringBuilder path = new StringBuilder();
        String parameterName = null;
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.METHOD) {
                continue;
            }
            if (node.getKind() == ElementKind.PARAMETER) {
                parameterName = node.getName();
                continue;
            }
            // The index belongs to the node of the element: "items", then "[0]", then ".quantity".
            if (node.getIndex() != null && !path.isEmpty()) {
                path.append('[').append(node.getIndex()).append(']');
            }
            // A container element ("<list element>") is named by its index alone.
            if (node.getName() != null && node.getKind() != ElementKind.CONTAINER_ELEMENT) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(node.getName());
            }
        }
        return path.isEmpty() && parameterName != null ? parameterName : path.toString();
    }
}

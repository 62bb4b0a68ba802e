package dev.obsdemo.common.problem.mapper;

import dev.obsdemo.common.problem.Problem;
import dev.obsdemo.common.problem.ProblemException;
import dev.obsdemo.common.problem.ProblemResponses;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Bean Validation rejected the request (a body field, a path or query parameter): a 400
 * {@code invalid-request} with one {@code errors} entry per violation, sorted by field, each named by its
 * {@linkplain FieldPaths#of(ConstraintViolation) path in the body} and carrying the constraint's message.
 */
public class ValidationMapper {

    /** Maps the violations of a request to its 400 problem. */
    @ServerExceptionMapper
    public Response map(ConstraintViolationException failure, UriInfo request) {
        return ProblemResponses.of(toProblem(failure.getConstraintViolations()), request);
    }

    /**
     * The problem for a set of violations: the detail names the field and its message when there is one,
     * otherwise how many are invalid and which fields.
     */
    static ProblemException toProblem(Collection<? extends ConstraintViolation<?>> violations) {
        List<Problem.FieldError> errors = violations.stream()
                .map(violation -> new Problem.FieldError(FieldPaths.of(violation), violation.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        String detail = errors.size() == 1
                ? "Invalid field '" + errors.get(0).field() + "': "
                        + errors.get(0).message()
                : errors.size() + " fields are invalid: "
                        + String.join(
                                ", ",
                                errors.stream()
                                        .map(Problem.FieldError::field)
                                        .distinct()
                                        .toList());
        return ProblemException.badRequest(detail, errors);
    }
}

package dev.obsdemo.common.problem.mapper;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.obsdemo.common.problem.Problem;
import dev.obsdemo.common.problem.ProblemException;
import dev.obsdemo.common.problem.ProblemResponses;
import dev.obsdemo.common.text.UnstorableTextException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A request body that is not the JSON this API reads (see {@code StrictJsonCustomizer}): a 400
 * {@code invalid-request} whose detail says what to fix and whose {@code errors} names the field when one is to
 * blame. Malformed JSON (with line and column), trailing content after the value, an unknown field, a field
 * sent twice, a value of the wrong type ({@code "2"} for a number, {@code 5} for a name), a number out of
 * range and text that cannot be stored ({@code StorableText}: U+0000, an unpaired surrogate) are all told apart.
 *
 * <p>Each Jackson type is registered by name, so Quarkus' own mapper for {@link MismatchedInputException} does
 * not answer instead.
 */
public class JsonInputMapper {

    /** Jackson's message for {@code JsonParser.Feature.STRICT_DUPLICATE_DETECTION}. */
    private static final Pattern DUPLICATE_FIELD = Pattern.compile("Duplicate field '(.+)'");

    /** Maps a body Jackson could not read to its 400 problem. */
    @ServerExceptionMapper({
        JsonParseException.class,
        UnrecognizedPropertyException.class,
        MismatchedInputException.class,
        UnstorableTextException.class,
        JsonProcessingException.class
    })
    public Response map(JsonProcessingException failure, UriInfo request) {
        return ProblemResponses.of(toProblem(failure), request);
    }

    /**
     * The problem for a body Jackson could not read. Also used for the failures Quarkus' JSON reader wraps in a
     * {@code WebApplicationException} ({@link HttpStatusMapper}).
     */
    static ProblemException toProblem(JsonProcessingException failure) {
        if (failure instanceof JsonParseException malformed) {
            return malformed(malformed, "");
        }
        if (failure instanceof UnrecognizedPropertyException unknown) {
            String field = FieldPaths.of(unknown);
            return invalidField(
                    field,
                    "Unknown field '" + field + "': this API rejects fields it does not define",
                    "unknown field");
        }
        if (failure instanceof MismatchedInputException mismatched) {
            return wrongType(mismatched);
        }
        if (failure instanceof UnstorableTextException unstorable) {
            String field = FieldPaths.of(unstorable);
            return field.isEmpty()
                    ? ProblemException.badRequest("Invalid text: " + unstorable.reason(), List.of())
                    : invalidField(field, "Invalid field '" + field + "': " + unstorable.reason(), unstorable.reason());
        }
        // Reading failed below a field: a duplicate inside an item, a number out of range (1e999 into an int).
        String field = failure instanceof JsonMappingException mapping ? FieldPaths.of(mapping) : "";
        if (failure.getCause() instanceof JsonParseException malformed) {
            return malformed(malformed, field);
        }
        if (field.isEmpty()) {
            return ProblemException.badRequest("Unreadable JSON: " + failure.getOriginalMessage(), List.of());
        }
        return invalidField(field, "Invalid field '" + field + "': " + failure.getOriginalMessage(), "invalid value");
    }

    /** A syntax error, or a field sent twice (which Jackson reports as a syntax error) under {@code path}. */
    private static ProblemException malformed(JsonParseException failure, String path) {
        Matcher duplicate = DUPLICATE_FIELD.matcher(String.valueOf(failure.getOriginalMessage()));
        if (duplicate.matches()) {
            String field = path.isEmpty() ? duplicate.group(1) : path + "." + duplicate.group(1);
            return invalidField(field, "Field '" + field + "' appears more than once", "appears more than once");
        }
        return ProblemException.badRequest(
                "Malformed JSON at line " + failure.getLocation().getLineNr() + ", column "
                        + failure.getLocation().getColumnNr() + ": " + failure.getOriginalMessage(),
                List.of());
    }

    private static ProblemException wrongType(MismatchedInputException failure) {
        String field = FieldPaths.of(failure);
        if (field.isEmpty()) {
            return ProblemException.badRequest(
                    "The request body has the wrong shape: " + failure.getOriginalMessage(), List.of());
        }
        String expected = failure.getTargetType() == null ? "another type" : describe(failure.getTargetType());
        String message = failure instanceof InvalidFormatException invalid
                ? "'" + invalid.getValue() + "' is not " + expected
                : "must be " + expected;
        return invalidField(field, "Invalid field '" + field + "': " + message, message);
    }

    private static ProblemException invalidField(String field, String detail, String message) {
        return ProblemException.badRequest(detail, List.of(new Problem.FieldError(field, message)));
    }

    /** The JSON type a client should have sent for a Java type. */
    private static String describe(Class<?> type) {
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "an integer";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        return "an object";
    }
}

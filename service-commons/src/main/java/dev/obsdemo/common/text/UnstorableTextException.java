package dev.obsdemo.common.text;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonMappingException;

/**
 * A string in a JSON body that {@link StorableText} refuses. A {@link JsonMappingException}, so Jackson adds
 * the path of the field as it unwinds ({@code items[0].sku}); the problem mapper names that field with
 * {@link #reason()}.
 */
public class UnstorableTextException extends JsonMappingException {

    private final String reason;

    UnstorableTextException(JsonParser parser, String reason) {
        super(parser, reason);
        this.reason = reason;
    }

    /** What is wrong with the value, e.g. "must not contain U+0000 (NUL), which cannot be stored". */
    public String reason() {
        return reason;
    }
}

package dev.obsdemo.common.text;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import java.io.IOException;
import java.util.Optional;

/**
 * Jackson's own {@link StringDeserializer} (with every coercion rule the mapper sets) followed by the
 * {@link StorableText} rule: registered for {@code String}, it reads every string field, list element and map
 * value of every request body, so no field can be forgotten.
 *
 * @see StorableTextCustomizer
 */
public class StorableTextDeserializer extends StringDeserializer {

    private static final long serialVersionUID = 1L;

    @Override
    public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        String value = super.deserialize(parser, context);
        Optional<String> whyNot = StorableText.whyNotStorable(value);
        if (whyNot.isPresent()) {
            throw new UnstorableTextException(parser, whyNot.get());
        }
        return value;
    }
}

package dev.obsdemo.common.text;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Makes every service's Jackson mapper read strings with {@link StorableTextDeserializer}: a body with text that
 * cannot be stored is a 400 naming the field, in the gateway before it forwards anything, and in each service.
 * The REST clients' tolerant mappers are copies of this one, so a downstream answer with such text (which no
 * service of this system stores) would fail the same way.
 */
@Singleton
public class StorableTextCustomizer implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(
                new SimpleModule("storable-text").addDeserializer(String.class, new StorableTextDeserializer()));
    }
}

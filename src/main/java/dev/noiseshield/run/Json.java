package dev.noiseshield.run;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The one JSON configuration of the project: indented, records as objects, NaN allowed as in Java.
 */
public final class Json {
    public static final ObjectMapper MAPPER =
            new ObjectMapper()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .enable(
                            com.fasterxml.jackson.core.json.JsonReadFeature
                                    .ALLOW_NON_NUMERIC_NUMBERS
                                    .mappedFeature());

    private Json() {}
}

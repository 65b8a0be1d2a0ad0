package io.rolegate.engine.api.remote;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Collectors;

/**
 * JSON both ways for the remote API, strict on the way in: an unknown field, a wrong type or malformed text is a
 * {@link ApiError} 400 naming the field ({@code mappings[0].roles}), never a default silently taken. Times are
 * ISO-8601 strings ({@code 2026-12-07T03:00:00Z}), durations ISO-8601 too ({@code PT15M}). Shared by the server and
 * the CLI's client, so both read the same shapes.
 */
public final class ApiJson {
    /** Request bodies past this are refused before they are parsed (413). */
    static final int MAX_BODY_BYTES = 1 << 20;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            // a number or true where a string belongs is a mistake, not "5" or "true"
            .withCoercionConfig(LogicalType.Textual, c -> c
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .addModule(time())
            .build();
    /** Answers the client reads: a newer engine may add fields to a value, which an older console ignores. */
    private static final ObjectMapper ANSWERS = MAPPER.copy()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ApiJson() {
    }

    /** {@code body} as a {@code type}, or a 400 naming what is wrong with it. An empty body reads as {@code {}}. */
    public static <T> T read(byte[] body, Class<T> type) {
        try {
            return MAPPER.readValue(body.length == 0 ? "{}".getBytes() : body, type);
        } catch (UnrecognizedPropertyException e) {
            throw ApiError.badField(path(e), "unknown field \"" + e.getPropertyName() + "\""
                    + where(e) + "; known fields: " + e.getKnownPropertyIds().stream().map(String::valueOf)
                    .sorted().collect(Collectors.joining(", ")));
        } catch (InvalidFormatException e) {
            throw ApiError.badField(path(e), "field " + path(e) + " cannot be " + e.getValue() + ": expected "
                    + expected(e.getTargetType()));
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            String field = path(e);
            throw ApiError.badField(field, (field.isEmpty() ? "" : field + ": ") + cause.getMessage());
        } catch (MismatchedInputException e) {
            String field = path(e);
            throw ApiError.badField(field, field.isEmpty() ? "the body must be a JSON object"
                    : "field " + field + " has the wrong type: expected " + expected(e.getTargetType()));
        } catch (JacksonException e) {
            var at = e.getLocation();
            throw ApiError.badField("", "the body is not valid JSON" + (at == null ? ""
                    : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        } catch (IOException e) {
            throw ApiError.badField("", "the body could not be read: " + e.getMessage());
        }
    }

    /** An answer of the API as a {@code type} (a facade value, a list of them), unknown fields ignored. */
    public static <T> T answer(String body, JavaTypeRef<T> type) {
        try {
            return ANSWERS.readValue(body, ANSWERS.getTypeFactory().constructType(type.type()));
        } catch (JacksonException e) {
            throw new IllegalArgumentException("the engine's answer does not read as " + type.type().getTypeName()
                    + ": " + e.getOriginalMessage(), e);
        }
    }

    /** A (generic) type an answer is read as: {@code new JavaTypeRef<List<SessionSnapshot>>() { }}. */
    public abstract static class JavaTypeRef<T> {
        private final java.lang.reflect.Type type;

        protected JavaTypeRef() {
            this.type = ((java.lang.reflect.ParameterizedType) getClass().getGenericSuperclass())
                    .getActualTypeArguments()[0];
        }

        java.lang.reflect.Type type() {
            return type;
        }
    }

    private static SimpleModule time() {
        return new SimpleModule("rolegate-time")
                .addSerializer(Instant.class, new ToText<>(Instant.class))
                .addSerializer(Duration.class, new ToText<>(Duration.class))
                .addDeserializer(Instant.class, new FromText<>(Instant.class, Instant::parse))
                .addDeserializer(Duration.class, new FromText<>(Duration.class, Duration::parse));
    }

    /** A tree of {@code text} (for clients that print what they get). */
    public static JsonNode tree(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("the server's answer is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** The field path Jackson was at: {@code mappings[0].roles}; "" at the top. */
    private static String path(JsonMappingException e) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (b.length() > 0) {
                    b.append('.');
                }
                b.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.toString();
    }

    private static String where(JsonMappingException e) {
        String parent = path(e);
        int cut = parent.lastIndexOf('.');
        parent = cut < 0 ? "" : parent.substring(0, cut);
        return parent.isEmpty() ? "" : " in " + parent;
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "another type";
        }
        if (type == String.class || type == char[].class) {
            return "a string";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "a whole number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        return "an object";
    }

    /** Reads an ISO-8601 string back ({@link Instant#parse}, {@link Duration#parse}). */
    private static final class FromText<T> extends com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer<T> {
        private final java.util.function.Function<String, T> parse;

        FromText(Class<T> type, java.util.function.Function<String, T> parse) {
            super(type);
            this.parse = parse;
        }

        @Override
        @SuppressWarnings("unchecked")
        public T deserialize(JsonParser p, com.fasterxml.jackson.databind.DeserializationContext ctxt)
                throws IOException {
            String text = p.getValueAsString();
            try {
                return parse.apply(text);
            } catch (java.time.format.DateTimeParseException e) {
                return (T) ctxt.handleWeirdStringValue(handledType(), text, "not an ISO-8601 value");
            }
        }
    }

    /** Writes a value by its {@code toString()}: ISO-8601 for {@link Instant} and {@link Duration}. */
    private static final class ToText<T> extends StdSerializer<T> {
        ToText(Class<T> type) {
            super(type);
        }

        @Override
        public void serialize(T value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(value.toString());
        }
    }
}

package dev.onnxport.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {
    private static void assertBad(String json, String fault) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse(json), json);
        assertTrue(e.getMessage().startsWith("JSON: ") && e.getMessage().contains(fault), json + " -> " + e.getMessage());
    }

    @Test
    void valuesAndTypes() {
        Object v = Json.parse(" {\"a\": [1, -2, 3.5, -0.25e2, true, false, null, \"s\"], \"b\": {}, \"c\": []} \n");
        Map<String, Object> want = new LinkedHashMap<>();
        want.put("a", java.util.Arrays.asList(1L, -2L, 3.5, -25.0, true, false, null, "s"));
        want.put("b", Map.of());
        want.put("c", List.of());
        assertEquals(want, v);
        assertEquals(List.of("a", "b", "c"), List.copyOf(((Map<?, ?>) v).keySet()), "object keys keep their order");
        assertNull(Json.parse("null"));
    }

    @Test
    void numbers() {
        assertEquals(0L, Json.parse("0"));
        assertEquals(0L, Json.parse("-0"));
        assertEquals(Long.MAX_VALUE, Json.parse("9223372036854775807"));
        assertEquals(Long.MIN_VALUE, Json.parse("-9223372036854775808"));
        assertEquals(9.223372036854775808e18, Json.parse("9223372036854775808"), "past the long range: a double");
        assertEquals(1000.0, Json.parse("1E3"));
        assertEquals(0.015, Json.parse("1.5e-2"));
        assertEquals(10.0, Json.parse("1e+1"));
        assertEquals(0.5, Json.parse("0.5"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"01", "-01", "00"})
    void leadingZeros(String s) { assertBad(s, "leading zero in number"); }

    @Test
    void malformedNumbers() {
        assertBad("1.", "digit expected after '.'");
        assertBad("1.e5", "digit expected after '.'");
        assertBad("1e", "digit expected in exponent");
        assertBad("1e+", "digit expected in exponent");
        assertBad("-", "bad number");
        assertBad("-a", "bad number");
        assertBad(".5", "unexpected character '.'");
        assertBad("+1", "unexpected character '+'");
        assertBad("1e999", "number 1e999 is out of range");
        assertBad("NaN", "unexpected character 'N'");
        assertBad("Infinity", "unexpected character 'I'");
        assertBad("0x10", "unexpected text after the JSON value");
        assertBad("1.5.2", "unexpected text after the JSON value");
        assertBad("[1-2]", "expected ',' or ']'");
    }

    @Test
    void stringsAndEscapes() {
        assertEquals("\"\\/\b\f\n\r\té\uD83D\uDE00", Json.parse("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\uD83D\\uDE00\""));
        assertEquals("é", Json.parse("\"é\""));
        assertEquals("\u00AB", Json.parse("\"\\u00aB\""));
    }

    @Test
    void badEscapesAndStrings() {
        assertBad("\"\\x\"", "bad escape '\\x'");
        assertBad("[\"\\u12\"]", "bad \\u escape");
        assertBad("\"\\u12", "short \\u escape");
        assertBad("\"\\u12G4\"", "bad \\u escape");
        assertBad("\"\\u+123\"", "bad \\u escape");
        assertBad("\"\\u-123\"", "bad \\u escape");
        assertBad("\"\\u\u0661\u0662\u0663\u0664\"", "bad \\u escape");  // Arabic-Indic digits are not hex
        assertBad("\"a\nb\"", "control character in string");
        assertBad("\"abc", "unterminated string");
        assertBad("\"abc\\", "unterminated escape");
        assertBad("{a:1}", "expected a string key");
        assertBad("{'a':1}", "expected a string key");
    }

    @Test
    void duplicateKeys() {
        assertBad("{\"a\":1,\"b\":2,\"a\":3}", "duplicate key \"a\"");
        assertBad("{\"x\":{\"k\":1,\"k\":1}}", "duplicate key \"k\"");
        assertEquals(Map.of("a", Map.of("a", 1L)), Json.parse("{\"a\":{\"a\":1}}"), "the same key at other levels is fine");
    }

    @Test
    void trailingText() {
        assertBad("{} x", "unexpected text after the JSON value at character 3");
        assertBad("[1]]", "unexpected text after the JSON value");
        assertBad("1 2", "unexpected text after the JSON value");
        assertBad("truex", "unexpected text after the JSON value");
        assertBad("", "unexpected end of input");
        assertBad("   ", "unexpected end of input");
        assertBad("[1,", "unexpected end of input");
        assertBad("{\"a\":1", "unexpected end of input");
        assertBad("[1,]", "unexpected character ']'");
        assertBad("tru", "unexpected token");
    }

    @Test
    void nestingLimit() {
        int max = Json.MAX_DEPTH;
        assertEquals(1L, unwrap(Json.parse("[".repeat(max) + "1" + "]".repeat(max)), max));
        assertBad("[".repeat(max + 1) + "]".repeat(max + 1), "nesting deeper than " + max + " levels");
        assertBad("{\"a\":".repeat(max + 1) + "1" + "}".repeat(max + 1), "nesting deeper than " + max + " levels");
        // hostile depth fails cleanly instead of overflowing the stack
        assertBad("[".repeat(1_000_000), "nesting deeper than " + max + " levels");
    }

    private static Object unwrap(Object v, int levels) {
        for (int i = 0; i < levels; i++) v = ((List<?>) v).get(0);
        return v;
    }

    @Test
    void writeIsCompactAndRoundTrips() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("s", "q\"\\\n\t\u0001é");
        m.put("n", java.util.Arrays.asList(1L, 2.5, -3, true, null));
        m.put("a", new long[] {4, 5});
        String text = Json.write(m);
        assertEquals("{\"s\":\"q\\\"\\\\\\n\\t\\u0001é\",\"n\":[1,2.5,-3,true,null],\"a\":[4,5]}", text);
        Map<String, Object> back = new LinkedHashMap<>(m);
        back.put("a", List.of(4L, 5L));
        back.put("n", java.util.Arrays.asList(1L, 2.5, -3L, true, null));
        assertEquals(back, Json.parse(text));
        assertThrows(IllegalArgumentException.class, () -> Json.write(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Json.write(new Object()));
    }
}

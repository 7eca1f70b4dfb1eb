package dev.onnxport.tools.schemas;

/** A minimal streaming writer of minified JSON; commas are placed from the nesting state. */
final class JsonWriter {
    private final StringBuilder sb = new StringBuilder(1 << 20);
    /** True when the next value at the current level needs a comma before it. */
    private final java.util.ArrayDeque<Boolean> needComma = new java.util.ArrayDeque<>();
    private boolean afterKey;

    JsonWriter beginObject() { open('{'); return this; }
    JsonWriter endObject() { close('}'); return this; }
    JsonWriter beginArray() { open('['); return this; }
    JsonWriter endArray() { close(']'); return this; }

    JsonWriter key(String k) {
        comma();
        quote(k);
        sb.append(':');
        afterKey = true;
        return this;
    }

    JsonWriter value(String v) { comma(); quote(v); return this; }
    JsonWriter value(long v) { comma(); sb.append(v); return this; }
    JsonWriter value(boolean v) { comma(); sb.append(v); return this; }

    /** Floats print in their shortest round-trip form (0.0001f as 1.0E-4, not 9.99999974E-5). */
    JsonWriter value(float v) {
        if (!Float.isFinite(v)) throw new IllegalArgumentException("JSON cannot hold " + v);
        comma();
        sb.append(Float.toString(v));
        return this;
    }

    @Override public String toString() {
        if (!needComma.isEmpty()) throw new IllegalStateException("unclosed JSON container");
        return sb.toString();
    }

    private void open(char c) {
        comma();
        sb.append(c);
        needComma.push(false);
    }

    private void close(char c) {
        needComma.pop();
        sb.append(c);
    }

    private void comma() {
        if (afterKey) { afterKey = false; return; }
        if (needComma.isEmpty()) return;
        if (needComma.peek()) sb.append(',');
        else { needComma.pop(); needComma.push(true); }
    }

    private void quote(String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') sb.append('\\').append(c);
            else if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
            else sb.append(c);
        }
        sb.append('"');
    }
}

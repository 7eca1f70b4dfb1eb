package dev.onnxport.util;

/**
 * User-supplied names (paths, model names) as messages show them: control characters escaped ({@code \n},
 * {@code \t}, {@code \x1b}, {@code \u2028}, ...), so a name cannot forge or hide lines of output, and names longer
 * than {@link #MAX_CHARS} shortened to their start and end.
 */
public final class Names {
    /** Longest name shown whole; longer ones keep their first and last characters around "...". */
    public static final int MAX_CHARS = 200;

    private Names() {}

    /** {@code name}'s text for a message. */
    public static String quote(Object name) {
        String s = String.valueOf(name);
        if (s.length() > MAX_CHARS) {
            s = s.substring(0, MAX_CHARS / 2) + "...(" + s.length() + " characters)..."
                    + s.substring(s.length() - MAX_CHARS / 4);
        }
        return escape(s);
    }

    /** {@code s} with control characters escaped, whatever its length (for whole messages). */
    public static String escape(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String esc = escape(c);
            if (esc != null && sb == null) sb = new StringBuilder(s.length() + 8).append(s, 0, i);
            if (sb != null) {
                if (esc != null) sb.append(esc);
                else sb.append(c);
            }
        }
        return sb == null ? s : sb.toString();
    }

    private static String escape(char c) {
        switch (c) {
            case '\n': return "\\n";
            case '\r': return "\\r";
            case '\t': return "\\t";
            default:
        }
        int t = Character.getType(c);
        if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) return String.format("\\x%02x", (int) c);
        if (t == Character.LINE_SEPARATOR || t == Character.PARAGRAPH_SEPARATOR || t == Character.FORMAT
                && (c == 0x202e || c == 0x202d || c == 0x2066 || c == 0x2067 || c == 0x2068 || c == 0x2069)) {
            return String.format("\\u%04x", (int) c);
        }
        return null;
    }
}

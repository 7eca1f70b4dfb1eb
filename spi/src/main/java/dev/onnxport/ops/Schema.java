package dev.onnxport.ops;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A parsed PyTorch operator schema, e.g.
 * {@code aten::add.Tensor(Tensor self, Tensor other, *, Scalar alpha=1) -> Tensor}.
 * Operators are identified by {@link #qualifiedName()}: {@code aten::add.Tensor}, or {@code aten::abs}
 * when the overload name is empty.
 */
public final class Schema {

    /** One argument: name, type, default (as written in the schema, or null), and whether it is keyword-only. */
    public record Argument(String name, ArgType type, String defaultText, boolean kwargOnly) {
        public boolean hasDefault() { return defaultText != null; }
    }

    /** One return: type and optional name. */
    public record Return(String name, ArgType type) {}

    private final String text;
    private final String namespace;
    private final String name;
    private final String overload;
    private final List<Argument> arguments;
    private final List<Return> returns;

    private Schema(String text, String namespace, String name, String overload, List<Argument> arguments, List<Return> returns) {
        this.text = text;
        this.namespace = namespace;
        this.name = name;
        this.overload = overload;
        this.arguments = Collections.unmodifiableList(arguments);
        this.returns = Collections.unmodifiableList(returns);
    }

    /** The schema text as given. */
    public String text() { return text; }
    /** {@code aten} in {@code aten::add.Tensor}. */
    public String namespace() { return namespace; }
    /** {@code add} in {@code aten::add.Tensor}. */
    public String name() { return name; }
    /** {@code Tensor} in {@code aten::add.Tensor}; empty for the default overload. */
    public String overload() { return overload; }
    /** {@code aten::add} */
    public String opName() { return namespace + "::" + name; }
    /** {@code aten::add.Tensor}, or {@code aten::abs} for an empty overload. */
    public String qualifiedName() { return overload.isEmpty() ? opName() : opName() + "." + overload; }
    public List<Argument> arguments() { return arguments; }
    public List<Return> returns() { return returns; }

    /** True when the op returns a list of tensors whose length depends on its arguments ({@code Tensor[]}). */
    public boolean returnsTensorList() { return returns.size() == 1 && returns.get(0).type().isTensorList(); }

    public int indexOf(String argName) {
        for (int i = 0; i < arguments.size(); i++) if (arguments.get(i).name().equals(argName)) return i;
        return -1;
    }

    @Override public String toString() { return text; }

    /** Parses a schema; errors name the schema and the fault. */
    public static Schema parse(String text) {
        try {
            return doParse(text.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("malformed operator schema '" + text + "': " + e.getMessage(), e);
        }
    }

    private static Schema doParse(String s) {
        int sep = s.indexOf("::");
        if (sep <= 0) throw new IllegalArgumentException("expected 'namespace::name(...)'");
        String ns = s.substring(0, sep);
        int open = s.indexOf('(', sep);
        if (open < 0) throw new IllegalArgumentException("missing '('");
        String full = s.substring(sep + 2, open);
        int dot = full.indexOf('.');
        String name = dot < 0 ? full : full.substring(0, dot);
        String overload = dot < 0 ? "" : full.substring(dot + 1);
        int close = matching(s, open);
        String argText = s.substring(open + 1, close);
        String rest = s.substring(close + 1).trim();
        if (!rest.startsWith("->")) throw new IllegalArgumentException("missing '->'");
        String retText = rest.substring(2).trim();

        List<Argument> args = new ArrayList<>();
        boolean kwOnly = false;
        for (String part : splitTopLevel(argText)) {
            String p = part.trim();
            if (p.isEmpty()) continue;
            if (p.equals("*")) { kwOnly = true; continue; }
            String def = null;
            int eq = topLevelEquals(p);
            if (eq >= 0) {
                def = p.substring(eq + 1).trim();
                p = p.substring(0, eq).trim();
            }
            int sp = p.lastIndexOf(' ');
            if (sp < 0) throw new IllegalArgumentException("argument '" + p + "' has no name");
            args.add(new Argument(p.substring(sp + 1), ArgType.parse(p.substring(0, sp)), def, kwOnly));
        }

        List<Return> rets = new ArrayList<>();
        if (retText.startsWith("(") && matching(retText, 0) == retText.length() - 1) {
            for (String part : splitTopLevel(retText.substring(1, retText.length() - 1))) {
                if (!part.isBlank()) rets.add(parseReturn(part.trim()));
            }
        } else if (!retText.isEmpty()) {
            rets.add(parseReturn(retText));
        }
        return new Schema(s, ns, name, overload, args, rets);
    }

    private static Return parseReturn(String p) {
        // "Tensor values" or "Tensor(a)" or "Tensor(a)[]"
        int depth = 0;
        for (int i = p.length() - 1; i >= 0; i--) {
            char c = p.charAt(i);
            if (c == ')' || c == ']') depth++;
            else if (c == '(' || c == '[') depth--;
            else if (c == ' ' && depth == 0) {
                return new Return(p.substring(i + 1), ArgType.parse(p.substring(0, i)));
            }
        }
        return new Return("", ArgType.parse(p));
    }

    private static int matching(String s, int open) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(') depth++;
            else if (c == ')' && --depth == 0) return i;
        }
        throw new IllegalArgumentException("unbalanced parentheses");
    }

    private static List<String> splitTopLevel(String s) {
        List<String> out = new ArrayList<>();
        int depth = 0, start = 0;
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') quoted = !quoted;
            if (quoted) continue;
            if (c == '(' || c == '[') depth++;
            else if (c == ')' || c == ']') depth--;
            else if (c == ',' && depth == 0) {
                out.add(s.substring(start, i));
                start = i + 1;
            }
        }
        out.add(s.substring(start));
        return out;
    }

    private static int topLevelEquals(String p) {
        int depth = 0;
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '(' || c == '[') depth++;
            else if (c == ')' || c == ']') depth--;
            else if (c == '=' && depth == 0) return i;
        }
        return -1;
    }
}

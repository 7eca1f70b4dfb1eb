package dev.onnxport.onnx.lowering;

import dev.onnxport.errors.UnsupportedOperatorError;
import dev.onnxport.errors.UnsupportedOperatorError.Operator;
import dev.onnxport.ir.Node;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The ops a lowering could not convert, gathered so that one error lists them all (as text and as records). */
final class Unsupported {
    private static final class Entry {
        int count;
        String firstSource;
        int fromOpset;
        String reason;
    }

    private final Map<String, Entry> byOp = new LinkedHashMap<>();

    /** {@code fromOpset}: the lowest opset where the op works, 0 when none; {@code reason} may be null. */
    void add(Node n, String opName, int fromOpset, String reason) {
        Entry e = byOp.computeIfAbsent(opName, k -> new Entry());
        if (e.count++ == 0) {
            e.firstSource = n.source() == null ? null : n.source().toString();
            e.fromOpset = fromOpset;
            e.reason = reason;
        }
    }

    boolean isEmpty() { return byOp.isEmpty(); }

    UnsupportedOperatorError error(int opset) {
        List<Operator> ops = new ArrayList<>();
        byOp.forEach((op, e) -> ops.add(new Operator(op, e.count, e.firstSource, e.fromOpset, e.reason)));
        StringBuilder sb = new StringBuilder("Exporting to ONNX opset " + opset + " failed: " + ops.size()
                + " operator(s) cannot be converted:");
        for (Operator o : ops) {
            sb.append("\n  ").append(o.op()).append(" (").append(o.count()).append(o.count() == 1 ? " call" : " calls")
                    .append(", first at ").append(o.firstSource() == null ? "unknown source" : o.firstSource()).append(')');
            if (o.reason() != null) sb.append(": ").append(o.reason());
            String opsets = opsets(o, opset);
            if (opsets != null) sb.append("; ").append(opsets);
        }
        return new UnsupportedOperatorError(sb.toString(), opset, ops);
    }

    /** The reason, then the opsets that work, as the message gives them for {@code o} (without name, count and source). */
    static String explanation(Operator o, int opset) {
        String opsets = opsets(o, opset);
        if (o.reason() == null) return opsets == null ? "" : opsets;
        return opsets == null ? o.reason() : o.reason() + "; " + opsets;
    }

    /** What the message says about the opsets where {@code o} converts, or null when it says nothing. */
    private static String opsets(Operator o, int opset) {
        int from = o.fromOpset();
        if (from > opset) return "supported from opset " + from + ", export with opset_version >= " + from;
        if (from > 0 && from < opset) return "supported at opset " + from;
        if (from == 0) return "not supported at any opset: use OperatorExportType.ONNX_ATEN_FALLBACK or register a custom symbolic function";
        return null;
    }
}

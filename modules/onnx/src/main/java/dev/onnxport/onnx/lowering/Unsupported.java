package dev.onnxport.onnx.lowering;

import dev.onnxport.errors.UnsupportedOperatorError;
import dev.onnxport.ir.Node;
import java.util.LinkedHashMap;
import java.util.Map;

/** The ops a lowering could not convert, gathered so that one error lists them all. */
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
            e.firstSource = n.source() == null ? "unknown source" : n.source().toString();
            e.fromOpset = fromOpset;
            e.reason = reason;
        }
    }

    boolean isEmpty() { return byOp.isEmpty(); }

    UnsupportedOperatorError error(int opset) {
        StringBuilder sb = new StringBuilder("Exporting to ONNX opset " + opset + " failed: " + byOp.size()
                + " operator(s) cannot be converted:");
        for (Map.Entry<String, Entry> me : byOp.entrySet()) {
            Entry e = me.getValue();
            sb.append("\n  ").append(me.getKey()).append(" (").append(e.count).append(e.count == 1 ? " call" : " calls")
                    .append(", first at ").append(e.firstSource).append(')');
            if (e.reason != null) sb.append(": ").append(e.reason);
            if (e.fromOpset > opset) sb.append("; supported from opset ").append(e.fromOpset).append(", export with opset_version >= ").append(e.fromOpset);
            else if (e.fromOpset > 0 && e.fromOpset < opset) sb.append("; supported at opset ").append(e.fromOpset);
            else if (e.fromOpset == 0) sb.append("; not supported at any opset: use OperatorExportType.ONNX_ATEN_FALLBACK or register a custom symbolic function");
        }
        return new UnsupportedOperatorError(sb.toString());
    }
}

package dev.onnxport.onnx.symbolic;

import dev.onnxport.spi.OpsetRange;
import dev.onnxport.spi.SymbolicFunction;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * The built-in symbolic functions: per qualified aten name ({@code aten::add.Tensor}), functions with
 * opset ranges ({@code 7..12}, {@code 13..22}). Built once; read-only afterwards.
 */
public final class SymbolicTable {
    /** The newest default-domain opset the lowering targets: the newest onnxport writes. */
    public static final int MAX_OPSET = OpsetRange.LAST_SUPPORTED;
    /** The oldest. */
    public static final int MIN_OPSET = OpsetRange.FIRST_SUPPORTED;

    private record Entry(int from, int to, SymbolicFunction fn) {}

    private final Map<String, List<Entry>> entries = new TreeMap<>();

    /** Registers {@code fn} for {@code opsets from..to}; ranges of one op must not overlap. */
    public SymbolicTable add(String qualifiedName, int from, int to, SymbolicFunction fn) {
        List<Entry> list = entries.computeIfAbsent(qualifiedName, k -> new ArrayList<>());
        for (Entry e : list) {
            if (from <= e.to && e.from <= to) {
                throw new IllegalArgumentException(qualifiedName + ": opsets " + from + ".." + to + " overlap " + e.from + ".." + e.to);
            }
        }
        list.add(new Entry(from, to, fn));
        return this;
    }

    /** Registers {@code fn} from {@code from} up to {@link #MAX_OPSET}. */
    public SymbolicTable add(String qualifiedName, int from, SymbolicFunction fn) {
        return add(qualifiedName, from, MAX_OPSET, fn);
    }

    /** The function for {@code qualifiedName} at {@code opset}, or null. */
    public SymbolicFunction get(String qualifiedName, int opset) {
        for (Entry e : entries.getOrDefault(qualifiedName, List.of())) if (e.from <= opset && opset <= e.to) return e.fn;
        return null;
    }

    /** The lowest opset with a function for {@code qualifiedName}, if any. */
    public OptionalInt lowestOpset(String qualifiedName) {
        return entries.getOrDefault(qualifiedName, List.of()).stream().mapToInt(Entry::from).min();
    }

    /** Every op name with at least one function, sorted. */
    public java.util.Set<String> names() { return Collections.unmodifiableSet(entries.keySet()); }

    /** The table with every built-in symbolic function of this module. */
    public static SymbolicTable builtins() { return Holder.BUILTINS; }

    private static final class Holder {
        static final SymbolicTable BUILTINS = build();

        private static SymbolicTable build() {
            SymbolicTable t = new SymbolicTable();
            IntSymbolics.register(t);
            UnarySymbolics.register(t);
            ActivationSymbolics.register(t);
            ArithmeticSymbolics.register(t);
            ComparisonSymbolics.register(t);
            ReductionSymbolics.register(t);
            LinalgSymbolics.register(t);
            ShapeSymbolics.register(t);
            IndexingSymbolics.register(t);
            FactorySymbolics.register(t);
            ConvPoolSymbolics.register(t);
            NormSymbolics.register(t);
            AttentionSymbolics.register(t);
            RnnSymbolics.register(t);
            EmbeddingDropoutDistanceSymbolics.register(t);
            LossSymbolics.register(t);
            CellSymbolics.register(t);
            return t;
        }
    }
}

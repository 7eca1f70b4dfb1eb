package dev.onnxport.spi;

import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Symbolic functions registered by users at run time, by op name ({@code aten::gelu},
 * {@code mydomain::myop}) and the opset from which they apply; they override built-in ones from that
 * opset up. Thread-safe: registrations may come from any thread at any time; an export lowers with a
 * {@link #snapshot} taken when it starts, so it sees one consistent set however long it runs.
 */
public final class CustomSymbolics {
    private final Map<String, NavigableMap<Integer, SymbolicFunction>> functions = new ConcurrentHashMap<>();

    /** Registers {@code fn} for {@code opName} from {@code sinceOpset} up. */
    public void register(String opName, int sinceOpset, SymbolicFunction fn) {
        functions.compute(opName, (k, m) -> {
            NavigableMap<Integer, SymbolicFunction> n = m == null ? new TreeMap<>() : new TreeMap<>(m);
            n.put(sinceOpset, fn);
            return n;
        });
    }

    /** Removes the registration of {@code opName} for {@code sinceOpset}. */
    public void unregister(String opName, int sinceOpset) {
        functions.computeIfPresent(opName, (k, m) -> {
            NavigableMap<Integer, SymbolicFunction> n = new TreeMap<>(m);
            n.remove(sinceOpset);
            return n.isEmpty() ? null : n;
        });
    }

    /** A copy of the registrations as they are now, unaffected by later ones. */
    public CustomSymbolics snapshot() {
        CustomSymbolics copy = new CustomSymbolics();
        // each value is replaced, never modified, on a change (copy on write), so sharing them is safe
        copy.functions.putAll(functions);
        return copy;
    }

    /** The function in force for {@code opName} at {@code opset}, or null. */
    public SymbolicFunction get(String opName, int opset) {
        NavigableMap<Integer, SymbolicFunction> m = functions.get(opName);
        if (m == null) return null;
        Map.Entry<Integer, SymbolicFunction> e = m.floorEntry(opset);
        return e == null ? null : e.getValue();
    }
}

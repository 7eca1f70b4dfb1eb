package dev.onnxport.nn;

import java.util.List;

/** A state dict that does not fit a module; lists every missing, unexpected and wrongly-shaped key at once. */
public final class StateDictException extends RuntimeException {
    private final List<String> missing;
    private final List<String> unexpected;
    private final List<String> mismatched;

    public StateDictException(String module, List<String> missing, List<String> unexpected, List<String> mismatched) {
        super(message(module, missing, unexpected, mismatched));
        this.missing = List.copyOf(missing);
        this.unexpected = List.copyOf(unexpected);
        this.mismatched = List.copyOf(mismatched);
    }

    public List<String> missingKeys() { return missing; }
    public List<String> unexpectedKeys() { return unexpected; }
    /** Entries of the form {@code key: expected [..], got [..]}. */
    public List<String> mismatchedKeys() { return mismatched; }

    private static String message(String module, List<String> missing, List<String> unexpected, List<String> mismatched) {
        StringBuilder sb = new StringBuilder("Error(s) in loading state dict for ").append(module).append(':');
        if (!missing.isEmpty()) sb.append("\n  missing keys: ").append(String.join(", ", missing));
        if (!unexpected.isEmpty()) sb.append("\n  unexpected keys: ").append(String.join(", ", unexpected));
        for (String m : mismatched) sb.append("\n  size mismatch for ").append(m);
        sb.append("\n  (names follow PyTorch's state_dict; check the checkpoint was saved from the same architecture)");
        return sb.toString();
    }
}

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

    /** Names listed per kind of fault; the rest are counted. */
    static final int SHOWN = 5;

    private static String message(String module, List<String> missing, List<String> unexpected, List<String> mismatched) {
        StringBuilder sb = new StringBuilder("Error(s) in loading state dict for ").append(module).append(": ");
        List<String> counts = new java.util.ArrayList<>();
        if (!missing.isEmpty()) counts.add(missing.size() + " missing");
        if (!unexpected.isEmpty()) counts.add(unexpected.size() + " unexpected");
        if (!mismatched.isEmpty()) counts.add(mismatched.size() + " of another shape");
        sb.append(String.join(", ", counts));
        if (!missing.isEmpty()) sb.append("\n  missing keys: ").append(firstFew(missing));
        if (!unexpected.isEmpty()) sb.append("\n  unexpected keys: ").append(firstFew(unexpected));
        for (int i = 0; i < Math.min(SHOWN, mismatched.size()); i++) sb.append("\n  size mismatch for ").append(mismatched.get(i));
        if (mismatched.size() > SHOWN) sb.append("\n  ... and ").append(mismatched.size() - SHOWN).append(" more size mismatches");
        sb.append("\n  (names follow PyTorch's state_dict; check the checkpoint was saved from the same architecture and config)");
        return sb.toString();
    }

    private static String firstFew(List<String> keys) {
        String shown = String.join(", ", keys.subList(0, Math.min(SHOWN, keys.size())));
        return keys.size() > SHOWN ? shown + ", ... and " + (keys.size() - SHOWN) + " more" : shown;
    }
}

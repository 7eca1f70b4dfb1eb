package dev.onnxport.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The outcome of every seed of a fuzz corpus, checked by a plain test (the Jazzer replay only checks that nothing
 * unexpected is thrown). Each corpus has an index beside its folder, {@code <TestClass>Inputs.tsv}: one line
 * {@code <method>/<seed> TAB <outcome>} per seed, the outcome being {@value #ACCEPTED} or the kind of error it must
 * fail with (as the test's outcome function names it). Whatever the index says, a seed named {@code valid-*} or
 * {@code ok-*} must be accepted and one named {@code bad-*}, {@code broken-*} or {@code nested-*} must not; other
 * seeds ({@code found-*} regressions, {@code help}) keep their recorded outcome. A seed missing from the index, an
 * index line without a seed, or another outcome fails; {@code -Dgolden.update=true} rewrites the index (the name
 * rules still apply), to be read and committed like a golden file.
 */
public final class SeedOutcomes {
    private SeedOutcomes() {}

    public static final String ACCEPTED = "accepted";

    /** What a seed's name promises: true accepted, false rejected, null nothing. */
    static Boolean promise(String seed) {
        if (seed.startsWith("valid-") || seed.startsWith("ok-")) return true;
        if (seed.startsWith("bad-") || seed.startsWith("broken-") || seed.startsWith("nested-")) return false;
        return null;
    }

    /** The index of {@code testClass}'s corpora in the source tree. */
    public static Path index(Class<?> testClass) {
        return FuzzCorpus.dir(testClass, "x").getParent().resolveSibling(testClass.getSimpleName() + "Inputs.tsv");
    }

    /**
     * Runs {@code outcome} on every seed of {@code testClass#method} and compares with the index. {@code outcome} returns
     * {@link #ACCEPTED} or the error kind; an exception it lets through fails the seed.
     */
    public static void check(Class<?> testClass, String method, Function<byte[], String> outcome) {
        Path dir = FuzzCorpus.dir(testClass, method);
        Path index = index(testClass);
        Map<String, String> got = new TreeMap<>();
        List<String> faults = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                String seed = f.getFileName().toString();
                if (seed.startsWith("crash-")) continue;   // an unfixed find of a fuzzing run, not committed
                String o;
                try {
                    o = outcome.apply(Files.readAllBytes(f));
                } catch (RuntimeException | AssertionError e) {
                    faults.add(seed + ": unexpected " + e);
                    continue;
                }
                got.put(method + "/" + seed, o);
                Boolean promise = promise(seed);
                if (promise != null && promise != ACCEPTED.equals(o)) {
                    faults.add(seed + ": " + (promise ? "must be accepted, but is rejected: " + o : "must be rejected, but is accepted"));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the corpus " + dir, e);
        }
        if (got.size() + faults.size() == 0) fail("the corpus " + dir + " is empty");
        Map<String, String> recorded = read(index);
        recorded.keySet().removeIf(k -> !k.startsWith(method + "/"));
        if (Boolean.getBoolean("golden.update") && faults.isEmpty()) {
            write(index, method, got);
            return;
        }
        for (Map.Entry<String, String> e : got.entrySet()) {
            String want = recorded.get(e.getKey());
            if (want == null) faults.add(e.getKey() + ": not in " + index.getFileName() + " (outcome now: " + e.getValue() + ")");
            else if (!want.equals(e.getValue())) faults.add(e.getKey() + ": recorded " + want + ", now " + e.getValue());
        }
        for (String k : recorded.keySet()) if (!got.containsKey(k)) faults.add(k + ": in " + index.getFileName() + " but no such seed");
        if (!faults.isEmpty()) {
            fail(faults.size() + " seed(s) of " + dir + " differ from " + index + " (-Dgolden.update=true rewrites it "
                    + "when the change is intended):\n  " + String.join("\n  ", faults));
        }
    }

    private static Map<String, String> read(Path index) {
        Map<String, String> m = new TreeMap<>();
        if (!Files.exists(index)) return m;
        try {
            for (String line : Files.readAllLines(index)) {
                if (line.isBlank() || line.startsWith("#")) continue;
                int tab = line.indexOf('\t');
                if (tab < 0) fail(index + ": line without a tab: " + line);
                m.put(line.substring(0, tab), line.substring(tab + 1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return m;
    }

    private static void write(Path index, String method, Map<String, String> outcomes) {
        Map<String, String> all = read(index);
        all.keySet().removeIf(k -> k.startsWith(method + "/"));
        all.putAll(outcomes);
        StringBuilder sb = new StringBuilder("# seed\toutcome (\"" + ACCEPTED + "\" or the error kind); checked by SeedOutcomes, "
                + "rewritten with -Dgolden.update=true\n");
        all.forEach((k, v) -> sb.append(k).append('\t').append(v).append('\n'));
        try {
            Files.writeString(index, sb.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

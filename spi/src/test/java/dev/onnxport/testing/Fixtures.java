package dev.onnxport.testing;

import static org.junit.jupiter.api.Assertions.fail;

import dev.onnxport.tensor.Tensor;
import dev.onnxport.util.Json;
import dev.onnxport.verify.TensorComparison;
import dev.onnxport.verify.Tolerance;
import dev.onnxport.verify.VerificationReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.opentest4j.TestAbortedException;

/**
 * Locates the PyTorch ground truth in {@code ../shared/fixtures} and compares tensors against it.
 *
 * <p>Missing ground truth is never a pass. When the fixtures folder (or a manifest in it) is absent, a test that asks
 * for it fails under CI ({@code CI=true}) with a message naming the missing path, and is otherwise skipped with that
 * message. A {@code @TestFactory} builds its tests inside {@link #factory}, so that the skip shows as one skipped test
 * instead of zero tests; it checks its case count with {@link #floor} and its {@code -Donnxport.case/model} filter
 * with {@link #only}.
 */
public final class Fixtures {
    private Fixtures() {}

    /** The number of cases {@code ops/manifest.json} lists (fixtures README); a manifest with fewer is broken. */
    public static final int OP_CASES = 194;

    /** The number of cases {@code ops-more/manifest.json} lists (fixtures README); a manifest with fewer is broken. */
    public static final int OPS_MORE_CASES = 129;

    /**
     * The op suites of the fixtures folder: {@code ops/} and {@code ops-more/}, both in the same format. The fixture tests
     * run over every suite; case ids are unique within a suite, and {@link #label} tells suites apart in test names.
     */
    public enum Suite {
        OPS("ops", OP_CASES), OPS_MORE("ops-more", OPS_MORE_CASES);

        private final String folder;
        private final int cases;

        Suite(String folder, int cases) {
            this.folder = folder;
            this.cases = cases;
        }

        /** The folder name under {@code fixtures/}. */
        public String folder() { return folder; }

        /** The least number of cases its manifest must list. */
        public int minCases() { return cases; }

        /** The suite's folder; a missing fixtures folder fails under CI and skips otherwise, as {@link #root()}. */
        public Path dir() { return root().resolve(folder); }

        /** The name a case shows in test names and docs: the id for {@code ops}, {@code ops-more/ID} otherwise. */
        public String label(String id) { return this == OPS ? id : folder + "/" + id; }
    }

    /** The model fixtures of {@code models/} (fixtures README), in the README's order. */
    public static final List<String> MODELS = List.of("mlp", "lenet", "resnet18", "mobilenet_v2", "tiny_gpt", "tiny_bert",
            "lstm_tagger", "gru_bidir");

    /** True under CI ({@code CI=true}), where missing ground truth fails instead of skipping. */
    public static boolean inCi() { return "true".equalsIgnoreCase(System.getenv("CI")); }

    /**
     * The folders tried for {@code shared/}: {@code -Donnxport.shared} alone when it is set (the build always sets it to
     * the checkout's sibling), else {@code ../shared}, {@code ../../shared}, {@code ../../../shared} (a test run from a
     * module folder in an IDE).
     */
    static List<Path> candidates() {
        String prop = System.getProperty("onnxport.shared");
        if (prop != null) return List.of(Path.of(prop));
        return List.of(Path.of("..", "shared"), Path.of("..", "..", "shared"), Path.of("..", "..", "..", "shared"));
    }

    /** The fixtures folder, or null when absent (no skip, no failure). */
    public static Path find() {
        for (Path s : candidates()) {
            Path f = s.resolve("fixtures");
            if (Files.isDirectory(f)) return f.toAbsolutePath().normalize();
        }
        return null;
    }

    /** The fixtures folder; when absent the calling test fails under CI and is skipped otherwise, naming the path. */
    public static Path root() {
        Path f = find();
        if (f == null) {
            List<String> tried = candidates().stream().map(s -> s.resolve("fixtures").toAbsolutePath().normalize().toString()).toList();
            missing("PyTorch fixtures folder not found at " + String.join(" or ", tried)
                    + " (put shared/ beside the checkout or set -Donnxport.shared=DIR to the folder holding fixtures/)");
        }
        return f;
    }

    public static Path ops() { return root().resolve("ops"); }
    public static Path models() { return root().resolve("models"); }

    /** The Hugging Face model folders of {@code hf/} (fixtures README), in the README's order. */
    public static final List<String> HF_MODELS = List.of("llama-tiny", "qwen2-tiny", "gpt2-hf-tiny", "gpt2-hf-legacy", "bert-hf-tiny");

    /** One Hugging Face model folder of {@code hf/}; a fixtures folder without it fails (a broken copy is not a missing one). */
    public static Path hf(String name) {
        Path d = root().resolve("hf").resolve(name);
        if (!Files.isDirectory(d)) fail("Hugging Face fixture " + name + " not found at " + d + ": the fixtures folder is incomplete");
        return d;
    }

    /** One model fixture's folder; a fixtures folder without it fails (a broken copy is not a missing one). */
    public static Path model(String name) {
        Path d = models().resolve(name);
        if (!Files.isDirectory(d)) fail("model fixture " + name + " not found at " + d + ": the fixtures folder is incomplete");
        return d;
    }

    /**
     * A manifest ({@code ops/manifest.json}, a {@code model.json}) parsed. Absent: as {@link #root()} (fail under CI,
     * skip otherwise); present but unreadable or not JSON: a failure, naming the file.
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> manifest(Path file) {
        if (!Files.isRegularFile(file)) missing("fixture manifest not found at " + file.toAbsolutePath().normalize());
        try {
            return (Map<String, Object>) Json.parse(Files.readString(file));
        } catch (Exception e) {
            return fail("fixture manifest " + file.toAbsolutePath().normalize() + " is unreadable: " + e, e);
        }
    }

    /** The cases of {@code ops/manifest.json}, at least {@link #OP_CASES} of them. */
    public static List<Map<String, Object>> opManifestCases() { return opManifestCases(Suite.OPS); }

    /** The cases of a suite's {@code manifest.json}, at least {@link Suite#minCases()} of them. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> opManifestCases(Suite suite) {
        Path file = suite.dir().resolve("manifest.json");
        Object cases = manifest(file).get("cases");
        if (!(cases instanceof List<?> l)) return fail(file + " has no \"cases\" list");
        floor(file + " (cases)", l.size(), suite.minCases());
        return (List<Map<String, Object>>) cases;
    }

    /** Missing ground truth: under CI a failure, otherwise the calling test (or factory) is skipped. */
    private static void missing(String what) {
        if (inCi()) fail(what + "; CI=true, so the fixture tests must run, not skip");
        Assumptions.abort(what + "; skipping (under CI=true this fails)");
    }

    /**
     * A fixture-driven factory: the tests {@code build} makes, or, when it stops on missing ground truth outside CI,
     * one test that is reported skipped with the reason (a factory that throws an abort would be reported as zero
     * tests). Failures, and the CI failure for missing fixtures, fail the factory.
     */
    public static Stream<DynamicNode> factory(Callable<? extends Stream<? extends DynamicNode>> build) throws Exception {
        try {
            return build.call().map(DynamicNode.class::cast);
        } catch (TestAbortedException e) {
            return Stream.of(DynamicTest.dynamicTest("fixtures absent (skipped)", () -> { throw e; }));
        }
    }

    /** Fails unless {@code got >= min}: a factory or manifest that shrank, or a filter that stopped matching. */
    public static void floor(String what, long got, long min) {
        if (got < min) fail(what + ": " + got + " found, at least " + min + " expected");
    }

    /**
     * The names given by the system property {@code property} (comma-separated), or null when it is unset. A name
     * that is not one of {@code known} fails, listing the unknown names: a typo must not pass as an empty run.
     */
    public static List<String> only(String property, Collection<String> known) {
        String v = System.getProperty(property);
        if (v == null) return null;
        List<String> names = new ArrayList<>(), unknown = new ArrayList<>();
        for (String s : v.split(",")) {
            String n = s.strip();
            if (n.isEmpty()) continue;
            names.add(n);
            if (!known.contains(n)) unknown.add(n);
        }
        if (!unknown.isEmpty()) {
            List<String> some = known.stream().limit(20).toList();
            fail("-D" + property + " names " + unknown + ", which match nothing; known (" + known.size() + "): "
                    + String.join(", ", some) + (known.size() > some.size() ? ", ..." : ""));
        }
        if (names.isEmpty()) fail("-D" + property + " is empty");
        return names;
    }

    /**
     * Compares {@code got} with {@code want} with the core's {@link TensorComparison}, elementwise: same dtype and
     * shape; floats within {@code |got - want| <= atol + rtol * |want|} (NaN matches NaN, infinities must match);
     * integers and bools exactly. Returns null when equal, else a message with the worst element.
     */
    public static String compare(Tensor got, Tensor want, double rtol, double atol) {
        VerificationReport.Output o = TensorComparison.compare("output", got, want, new Tolerance(rtol, atol, false));
        if (o.passed()) return null;
        if (o.fault() != null) return o.fault();
        long worst = o.worstIndex();
        return "worst element at flat index " + worst + ": got " + got.getDoubleFlat(worst) + ", expected "
                + want.getDoubleFlat(worst) + " (|diff| = " + Math.abs(got.getDoubleFlat(worst) - want.getDoubleFlat(worst)) + ")";
    }
}

package dev.onnxport.onnx.lowering;

import dev.onnxport.testing.Fixtures;
import dev.onnxport.testing.OpCases;
import dev.onnxport.testing.Fixtures.Suite;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.onnxport.errors.UnsupportedOperatorError;
import dev.onnxport.errors.UnsupportedOperatorError.Operator;
import dev.onnxport.ir.Graph;
import dev.onnxport.onnx.passes.OnnxCleanup;
import dev.onnxport.ir.Node;
import dev.onnxport.ir.Value;
import dev.onnxport.testing.OfficialChecker;
import dev.onnxport.onnx.writer.ModelAssembler;
import dev.onnxport.onnx.writer.OnnxWriter;
import dev.onnxport.onnx.writer.WriterOptions;
import dev.onnxport.spi.RuntimeVerifier;
import dev.onnxport.tensor.Tensor;
import java.util.ServiceLoader;
import dev.onnxport.onnx.symbolic.SymbolicTable;
import dev.onnxport.spi.CustomSymbolics;
import dev.onnxport.spi.LoweringContext;
import dev.onnxport.verify.TolerancePolicy;
import dev.onnxport.verify.VerificationReport;
import dev.onnxport.verify.VerificationService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every case of the op fixture suites ({@code ops} and {@code ops-more}), traced as a one-op
 * model and lowered at every opset 7..26 (the official checker up to 22, the newest it knows): nothing aten/prim remains, every node passes its schema, and
 * ONNX Runtime reproduces PyTorch's outputs. A case is skipped (never passed) only when the lowering reports
 * that the call is supported from a later opset. Prints a per-opset summary.
 */
class LoweringFixtureTest {
    /** The manifest ops that have a built-in symbolic function: the suite grows as symbolics are added. */
    static Set<String> ops() { return SymbolicTable.builtins().names(); }

    /** opset -> {lowered, unsupported}; case ids of the unsupported ones. */
    private static final Map<Integer, int[]> COUNTS = new ConcurrentSkipListMap<>();
    private static final Map<Integer, List<String>> UNSUPPORTED = new ConcurrentSkipListMap<>();
    /** "case|op" -> opset -> the lowering's reason, for the generated docs table. */
    private static final Map<String, Map<Integer, String>> NOT_EXPRESSIBLE = new ConcurrentSkipListMap<>();
    private static volatile boolean filtered;
    /** Set when the factory built the cases (fixtures present): the summary's checks then apply. */
    private static volatile int built;
    private static final Map<Integer, List<String>> MISMATCH = new ConcurrentSkipListMap<>();
    private static final Path DOC = Path.of("..", "..", "docs", "not-expressible.md");
    private static final int OPSETS = SymbolicTable.MAX_OPSET - SymbolicTable.MIN_OPSET + 1;

    /**
     * Every case of every op suite ({@link Suite}: {@code ops}, {@code ops-more}) at every opset. Without a filter there
     * must be at least as many cases as the manifests have; {@code -Donnxport.case=a,b} must name cases (an id, or a
     * label such as {@code ops-more/acos}). A case {@link OpCases#pending} lists is run like the others, but reported
     * skipped where it fails; the summary fails when a pending case passes at every opset.
     */
    @TestFactory
    Stream<DynamicNode> everyCaseAtEveryOpset() throws Exception {
        return Fixtures.factory(() -> {
            List<OpCases.Case> cases = new ArrayList<>();
            for (Suite s : Suite.values()) cases.addAll(OpCases.load(s));
            List<String> known = new ArrayList<>(cases.stream().map(OpCases.Case::id).distinct().toList());
            cases.stream().map(OpCases.Case::label).filter(l -> !known.contains(l)).forEach(known::add);
            List<String> only = Fixtures.only("onnxport.case", known);
            filtered = only != null;
            List<DynamicTest> tests = new ArrayList<>();
            for (OpCases.Case c : cases) {
                if (only != null && !only.contains(c.id()) && !only.contains(c.label())) continue;
                String pending = OpCases.pending(c.suite(), c.id());
                if (pending != null) PENDING.put(c.label(), new java.util.concurrent.atomic.AtomicInteger());
                for (int opset = SymbolicTable.MIN_OPSET; opset <= SymbolicTable.MAX_OPSET; opset++) {
                    int o = opset;
                    String checkers = OfficialChecker.knows(o) ? "" : " (structural checker + ORT; the official checker stops at 22)";
                    tests.add(DynamicTest.dynamicTest(c.label() + " opset " + o + checkers, () -> {
                        if (pending == null) {
                            lowerOne(c, o);
                            return;
                        }
                        try {
                            lowerOne(c, o);
                        } catch (org.opentest4j.TestAbortedException e) {
                            throw e;
                        } catch (Throwable t) {
                            PENDING.get(c.label()).incrementAndGet();
                            abort(c.label() + " at opset " + o + " is pending (issue 14, " + pending + "): " + t);
                        }
                    }));
                }
            }
            long manifest = 0;
            for (Suite s : Suite.values()) manifest += OpCases.ids(s).size();
            Fixtures.floor("fixture cases", tests.size() / OPSETS, only != null ? only.size() : manifest);
            built = tests.size();
            return tests.stream();
        });
    }

    /** Pending cases (label) -> the opsets at which they failed (and were reported skipped). */
    private static final Map<String, java.util.concurrent.atomic.AtomicInteger> PENDING = new ConcurrentSkipListMap<>();

    /** What docs/not-expressible.md lists: the (case, opset) pairs, and the cases listed at every opset. */
    record Documented(int pairs, int neverExpressible) {}

    static Documented documented() throws IOException {
        Map<String, Set<Integer>> byCase = new TreeMap<>();
        int pairs = 0;
        if (Files.exists(DOC)) {
            for (String line : Files.readAllLines(DOC)) {
                String[] cells = line.split("\\s*\\|\\s*");
                // | case | `op` | opsets | reason |
                if (cells.length < 5 || !cells[2].startsWith("`") || !cells[3].matches("[0-9, ]+")) continue;
                for (String o : cells[3].split(",\\s*")) {
                    if (byCase.computeIfAbsent(cells[1], k -> new java.util.TreeSet<>()).add(Integer.parseInt(o.strip()))) pairs++;
                }
            }
        }
        int never = (int) byCase.values().stream().filter(o -> o.size() == OPSETS).count();
        return new Documented(pairs, never);
    }

    private static void lowerOne(OpCases.Case c, int opset) throws IOException {
        Graph g = c.trace();
        try {
            new OnnxExportMode().lower(g, new LoweringContext(opset, Map.of(), false, new CustomSymbolics()));
        } catch (UnsupportedOperatorError e) {
            // Only a call ONNX cannot express before a later opset may be skipped; anything else is a failure.
            Operator op = e.operators().stream().filter(o -> o.op().equals(c.qualified())).findFirst().orElse(null);
            assertTrue(op != null && op.supportedFromLaterOpset(opset), c.label() + " at opset " + opset + ": " + e.getMessage());
            COUNTS.computeIfAbsent(opset, k -> new int[2])[1]++;
            UNSUPPORTED.computeIfAbsent(opset, k -> new ArrayList<>()).add(c.label());
            NOT_EXPRESSIBLE.computeIfAbsent(c.label() + "|" + c.qualified(), k -> new ConcurrentSkipListMap<>())
                    .put(opset, Unsupported.explanation(op, opset).replace("|", "\\|"));
            abort(c.id() + " is not expressible at opset " + opset + ": " + e.getMessage());
        }
        for (Node n : g.allNodes()) {
            assertFalse(n.kind().startsWith("aten::") || n.kind().startsWith("prim::"), c.id() + ": " + n + " remains\n" + g);
        }
        SchemaValidator.validateGraph(g, opset);
        assertTrue(g.outputs().size() == c.outputs().size(), c.id() + ": output count");
        COUNTS.computeIfAbsent(opset, k -> new int[2])[0]++;
        runInOrt(c, g, opset);
    }

    /** Writes the lowered graph as a model, has the official ONNX checker (full check) accept it, and compares ONNX Runtime's outputs with PyTorch's (rtol 1e-4, atol 1e-5). */
    private static void runInOrt(OpCases.Case c, Graph g, int opset) throws IOException {
        RuntimeVerifier ort = ServiceLoader.load(RuntimeVerifier.class).findFirst().orElse(null);
        assumeTrue(ort != null, "no RuntimeVerifier on the class path");
        OnnxCleanup.run(g);
        for (int i = 0; i < g.outputs().size(); i++) {
            Value v = g.outputs().get(i);
            if (v.producer() == null) {
                Node id = g.body().append(OnnxCleanup.IDENTITY, null);
                id.addInput(v);
                v = id.addOutput(v.type());
                g.body().setOutput(i, v);
            }
            v.setName(c.outputs().get(i));
        }
        Path dir = Files.createDirectories(Path.of("target", "lowered"));
        Path file = dir.resolve(c.label().replace('/', '-') + "-opset" + opset + ".onnx");
        WriterOptions wo = WriterOptions.of(opset);
        OnnxWriter.write(ModelAssembler.assemble(g, wo), wo, file);
        String official = OfficialChecker.knows(opset) ? OfficialChecker.checkFile(file) : null;
        if (!OfficialChecker.knows(opset)) {
            // Opsets 23..26: the official checker (ONNX 1.17) does not know them; the structural checker is the referee.
            var problems = dev.onnxport.onnx.checker.StructuralChecker.check(dev.onnxport.onnx.proto.ModelProto.parseFrom(Files.readAllBytes(file)), file.getParent());
            if (!problems.isEmpty()) fail(c.id() + " at opset " + opset + ": the structural checker rejects the model: " + problems + "\n" + g);
        }
        if (official != null) fail(c.id() + " at opset " + opset + ": the official ONNX checker rejects the model: " + official + "\n" + g);
        List<Tensor> expected = new ArrayList<>();
        for (String o : c.outputs()) expected.add(c.tensors().get(o));
        VerificationReport r = VerificationService.of(ort).withPolicy(TolerancePolicy.elementwise())
                .compare(file, c.inputs(), expected);
        if (!r.passed()) {
            MISMATCH.computeIfAbsent(opset, k -> new ArrayList<>()).add(c.label());
            fail(c.id() + " at opset " + opset + " differs from PyTorch in " + r.runtime() + ":\n" + r.summary() + g);
        }
        Files.delete(file);
        PASSED.computeIfAbsent(c.suite().folder(), k -> new ConcurrentSkipListMap<>())
                .computeIfAbsent(opset, k -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
    }

    /** suite folder -> opset -> cases that exported and matched PyTorch in ONNX Runtime. */
    private static final Map<String, Map<Integer, java.util.concurrent.atomic.AtomicInteger>> PASSED = new ConcurrentSkipListMap<>();

    @AfterAll
    static void summary() throws IOException {
        if (built == 0) return;   // fixtures absent (the factory reported a skipped test)
        StringBuilder sb = new StringBuilder("opset  lowered  ORT-mismatch  unsupported  (unsupported cases; mismatching cases)\n");
        Map<Integer, int[]> sorted = new TreeMap<>(COUNTS);
        sorted.forEach((opset, n) -> sb.append(String.format("%5d  %7d  %12d  %11d  %s; %s%n", opset, n[0],
                MISMATCH.getOrDefault(opset, List.of()).size(), n[1], UNSUPPORTED.getOrDefault(opset, List.of()),
                MISMATCH.getOrDefault(opset, List.of()))));
        PASSED.forEach((suite, byOpset) -> {
            sb.append(suite).append(" cases passing per opset:");
            byOpset.forEach((o, n) -> sb.append(' ').append(o).append(':').append(n.get()));
            sb.append('\n');
        });
        System.out.print(sb);
        Path out = Path.of("target", "lowering-summary.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, sb.toString());
        checkNotExpressibleDoc();
    }

    /**
     * docs/not-expressible.md is generated from this test: the (case, opset) pairs that ONNX cannot express, with the
     * reason. After a full run the committed file must equal what the run found; -Ddocs.update=true rewrites it.
     */
    private static void checkNotExpressibleDoc() throws IOException {
        if (filtered) return; // only a run over every case knows the whole table
        List<String> done = PENDING.entrySet().stream().filter(e -> e.getValue().get() == 0).map(Map.Entry::getKey).toList();
        if (!done.isEmpty()) fail("pending cases " + done + " pass at every opset now: take them off OpCases' pending lists");
        // Every pair lowered or documented as not expressible: the floor of the unfiltered run.
        int lowered = COUNTS.values().stream().mapToInt(n -> n[0]).sum();
        // the pairs this run found not expressible; the committed docs must list exactly these (checked below)
        int documentedPairs = NOT_EXPRESSIBLE.values().stream().mapToInt(Map::size).sum();
        int pendingPairs = PENDING.values().stream().mapToInt(java.util.concurrent.atomic.AtomicInteger::get).sum();
        Fixtures.floor("(case, opset) pairs lowered and checked in ONNX Runtime (" + built + " run, " + documentedPairs
                + " documented as not expressible, " + pendingPairs + " pending)", lowered, built - documentedPairs - pendingPairs);
        StringBuilder md = new StringBuilder("# Fixture cases ONNX cannot express\n\n")
                .append("Generated by `LoweringFixtureTest` (modules/onnx) from the lowering of every case of\n")
                .append("`../shared/fixtures/ops/manifest.json` and `../shared/fixtures/ops-more/manifest.json` (cases shown as\n")
                .append("`ops-more/ID`) at every opset " + SymbolicTable.MIN_OPSET + ".." + SymbolicTable.MAX_OPSET + "; regenerate with\n")
                .append("`mvn -B test -pl modules/onnx -am -Dtest=LoweringFixtureTest -Ddocs.update=true -Dsurefire.failIfNoSpecifiedTests=false`.\n")
                .append("Every pair not listed here exports and matches PyTorch in ONNX Runtime.\n\n")
                .append("| case | operator | opsets | reason |\n|---|---|---|---|\n");
        NOT_EXPRESSIBLE.forEach((key, byOpset) -> {
            String[] k = key.split("\\|");
            Map<String, List<Integer>> byReason = new TreeMap<>();
            byOpset.forEach((opset, r) -> byReason.computeIfAbsent(r, x -> new ArrayList<>()).add(opset));
            byReason.forEach((r, opsets) -> md.append("| ").append(k[0]).append(" | `").append(k[1]).append("` | ")
                    .append(opsets.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", ")))
                    .append(" | ").append(r).append(" |\n"));
        });
        if (NOT_EXPRESSIBLE.isEmpty()) md.append("| (none) | | | |\n");
        Path doc = DOC;
        if (Boolean.getBoolean("docs.update")) {
            Files.createDirectories(doc.getParent());
            Files.writeString(doc, md.toString());
            return;
        }
        String committed = Files.exists(doc) ? Files.readString(doc) : "";
        if (!committed.equals(md.toString())) {
            fail(doc.normalize() + " is out of date with the lowering; regenerate it with -Ddocs.update=true and commit it:\n" + md);
        }
    }
}

package dev.onnxport.onnx.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onnxport.export.TrainingMode;
import dev.onnxport.onnx.localfunctions.FunctionAttributes;
import dev.onnxport.nn.F;
import dev.onnxport.nn.Init;
import dev.onnxport.nn.Linear;
import dev.onnxport.nn.Module;
import dev.onnxport.nn.UnaryModule;
import dev.onnxport.onnx.checker.StructuralChecker;
import dev.onnxport.onnx.proto.FunctionProto;
import dev.onnxport.onnx.proto.ModelProto;
import dev.onnxport.onnx.proto.NodeProto;
import dev.onnxport.onnx.proto.OperatorSetIdProto;
import dev.onnxport.safetensors.Safetensors;
import dev.onnxport.spi.RuntimeVerifier;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.testing.Fixtures;
import dev.onnxport.testing.OfficialChecker;
import dev.onnxport.zoo.Gpt;
import dev.onnxport.zoo.TransformerBlock;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Predicate;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * exportModulesAsFunctions end to end: the exported file passes our structural checker and the official
 * ONNX checker, has the expected functions and calls, and ONNX Runtime gives the flat export's outputs.
 */
class FunctionExportTest {
    @TempDir Path dir;

    /** Linear + ReLU, optionally without the ReLU; declares its width as a function attribute. */
    static final class Block extends UnaryModule implements FunctionAttributes {
        private final long width;
        private final boolean relu;
        private final Linear fc;

        Block(long width, boolean relu) {
            this.width = width;
            this.relu = relu;
            fc = registerModule("fc", new Linear(width, width));
        }

        @Override protected Tensor compute(Tensor x) {
            Tensor y = fc.forward(x);
            return relu ? F.relu(y) : y;
        }

        @Override public Map<String, Object> functionAttributes() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("width", width);
            m.put("relu", relu);
            return m;
        }
    }

    /** Two blocks and a residual add in the root. */
    static final class Twin extends UnaryModule {
        private final Block b0, b1;

        Twin(boolean sameBodies) {
            b0 = registerModule("b0", new Block(8, true));
            b1 = registerModule("b1", new Block(8, sameBodies));
        }

        @Override protected Tensor compute(Tensor x) { return F.add(b1.forward(b0.forward(x)), x); }
    }

    /** Twin inside a wrapper, for nesting. */
    static final class Outer extends UnaryModule {
        private final Twin twin = registerModule("twin", new Twin(true));
        @Override protected Tensor compute(Tensor x) { return F.relu(twin.forward(x)); }
    }

    private static Tensor input() {
        Init.manualSeed(7);
        return Init.normal(0, 1, 3, 8);
    }

    @ParameterizedTest @ValueSource(ints = {15, 17})
    void identicalBlocksShareOneFunction(int opset) throws IOException {
        Tensor x = input();
        Twin m = new Twin(true);
        ModelProto p = exportAndCompare(m, new Tensor[] {x}, opset, only(Block.class));
        assertEquals(1, p.getFunctionsCount());
        FunctionProto f = p.getFunctions(0);
        assertEquals("Block", f.getName());
        assertEquals("dev.onnxport.onnx.functions", f.getDomain());
        assertEquals(List.of("width", "relu"), f.getAttributeList());
        assertEquals(List.of("input0", "fc.weight", "fc.bias"), f.getInputList());
        assertEquals(opset, versionOf(f.getOpsetImportList(), ""));
        assertEquals(1, versionOf(p.getOpsetImportList(), "dev.onnxport.onnx.functions"));
        List<NodeProto> calls = calls(p.getGraph().getNodeList(), "Block");
        assertEquals(2, calls.size());
        assertEquals(List.of("input0", "b0.fc.weight", "b0.fc.bias"), calls.get(0).getInputList().subList(0, 3));
        for (NodeProto c : calls) {
            Map<String, Long> attrs = new LinkedHashMap<>();
            c.getAttributeList().forEach(a -> attrs.put(a.getName(), a.getI()));
            assertEquals(Map.of("width", 8L, "relu", 1L), attrs);
        }
        assertEquals(List.of("b1.fc.weight", "b1.fc.bias"), calls.get(1).getInputList().subList(1, 3));
        // the root's own add stays in the main graph
        assertEquals(1, p.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("Add")).count());
    }

    @ParameterizedTest @ValueSource(ints = {15, 17})
    void differentBodiesGetSeparateFunctions(int opset) throws IOException {
        ModelProto p = exportAndCompare(new Twin(false), new Tensor[] {input()}, opset, only(Block.class));
        assertEquals(List.of("Block", "Block_1"), p.getFunctionsList().stream().map(FunctionProto::getName).toList());
        assertEquals(1, calls(p.getGraph().getNodeList(), "Block").size());
        assertEquals(1, calls(p.getGraph().getNodeList(), "Block_1").size());
        assertTrue(p.getFunctions(0).getNodeList().stream().anyMatch(n -> n.getOpType().equals("Relu")));
        assertTrue(p.getFunctions(1).getNodeList().stream().noneMatch(n -> n.getOpType().equals("Relu")));
    }

    /** Innermost first: Linear, then Block calling it, then Twin calling Block; the root stays the graph. */
    @ParameterizedTest @ValueSource(ints = {15, 17})
    void allModulesNestInnermostFirst(int opset) throws IOException {
        Outer outer = new Outer();
        ModelProto p = exportAndCompare(outer, new Tensor[] {input()}, opset, mod -> mod != outer);
        assertEquals(List.of("Linear", "Block", "Twin"), p.getFunctionsList().stream().map(FunctionProto::getName).toList());
        assertEquals("dev.onnxport.nn", p.getFunctions(0).getDomain());
        FunctionProto block = p.getFunctions(1);
        assertEquals(1, calls(block.getNodeList(), "Linear").size());
        assertEquals(1, versionOf(block.getOpsetImportList(), "dev.onnxport.nn"));
        assertEquals(2, calls(p.getFunctions(2).getNodeList(), "Block").size());
        List<String> main = p.getGraph().getNodeList().stream().map(NodeProto::getOpType).toList();
        assertEquals(List.of("Twin", "Relu"), main);
    }

    @ParameterizedTest @ValueSource(ints = {15, 17})
    void tinyGptBlocksAsFunctions(int opset) throws IOException {
        Path fixture = Fixtures.models().resolve("tiny_gpt");
        Gpt gpt = new Gpt();
        gpt.loadStateDict(Safetensors.read(fixture.resolve("weights.safetensors")));
        Map<String, Tensor> io = Safetensors.read(fixture.resolve("io.safetensors"));
        Tensor idx = io.get("idx");
        ModelProto p = exportAndCompare(gpt, new Tensor[] {idx}, opset, only(TransformerBlock.class), List.of("idx"),
                Map.of(0, "batch", 1, "seq"));
        assertEquals(1, p.getFunctionsCount(), "both blocks share one function");
        assertEquals("TransformerBlock", p.getFunctions(0).getName());
        assertEquals("dev.onnxport.zoo", p.getFunctions(0).getDomain());
        assertEquals(2, calls(p.getGraph().getNodeList(), "TransformerBlock").size());
        // and against PyTorch
        Map<String, Tensor> out = runtime().run(dir.resolve("functions.onnx"), Map.of("idx", idx));
        assertNull(Fixtures.compare(out.get("output0"), io.get("output0"), 1e-4, 1e-5));
    }

    private static Predicate<Module> only(Class<? extends Module> c) { return m -> m.getClass() == c; }

    private ModelProto exportAndCompare(Module m, Tensor[] args, int opset, Predicate<Module> functions) throws IOException {
        return exportAndCompare(m, args, opset, functions, List.of(), Map.of());
    }

    /** Exports with and without functions; checks the function file and compares both in ONNX Runtime. */
    private ModelProto exportAndCompare(Module m, Tensor[] args, int opset, Predicate<Module> functions, List<String> names,
                                        Map<Integer, String> axes) throws IOException {
        Path withFunctions = dir.resolve("functions.onnx");
        Path inline = dir.resolve("flat.onnx");
        Pipeline.export(m, args, opset, TrainingMode.EVAL, functions, names, axes, withFunctions);
        Pipeline.export(m, args, opset, TrainingMode.EVAL, null, names, axes, inline);
        ModelProto p;
        try (InputStream in = Files.newInputStream(withFunctions)) {
            p = ModelProto.parseFrom(in);
        }
        assertEquals(List.of(), StructuralChecker.check(p, dir));
        assertNull(OfficialChecker.checkFile(withFunctions));
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) inputs.put(p.getGraph().getInput(i).getName(), args[i]);
        RuntimeVerifier ort = runtime();
        Map<String, Tensor> a = ort.run(withFunctions, inputs);
        Map<String, Tensor> b = ort.run(inline, inputs);
        assertEquals(b.keySet(), a.keySet());
        for (String k : a.keySet()) assertNull(Fixtures.compare(a.get(k), b.get(k), 1e-5, 1e-6), k);
        return p;
    }

    private static RuntimeVerifier runtime() {
        RuntimeVerifier rv = ServiceLoader.load(RuntimeVerifier.class).findFirst().orElse(null);
        assertNotNull(rv, "no RuntimeVerifier on the test class path");
        return rv;
    }

    private static List<NodeProto> calls(List<NodeProto> nodes, String name) {
        return nodes.stream().filter(n -> n.getOpType().equals(name)).toList();
    }

    private static long versionOf(List<OperatorSetIdProto> imports, String domain) {
        return imports.stream().filter(o -> o.getDomain().equals(domain)).mapToLong(OperatorSetIdProto::getVersion).findFirst().orElse(-1);
    }
}

package dev.onnxport.onnx.hf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onnxport.export.ExportOptions;
import dev.onnxport.export.OnnxExport;
import dev.onnxport.onnx.checker.StructuralChecker;
import dev.onnxport.onnx.proto.ModelProto;
import dev.onnxport.onnx.proto.NodeProto;
import dev.onnxport.onnx.proto.TensorShapeProto;
import dev.onnxport.onnx.proto.ValueInfoProto;
import dev.onnxport.spi.RuntimeVerifier;
import dev.onnxport.testing.Fixtures;
import dev.onnxport.testing.OfficialChecker;
import dev.onnxport.verify.VerificationService;
import dev.onnxport.zoo.hf.BertModel;
import dev.onnxport.zoo.hf.HfModel;
import dev.onnxport.zoo.hf.LlamaForCausalLM;
import dev.onnxport.zoo.hf.HfModels;
import dev.onnxport.zoo.hf.HfVerification;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Hugging Face fixture exports from its folder at opsets 14, 17, 22, 23 and 26 (the official checker up to 22; decoders with the key/value cache) and
 * passes the structural and the official checker and, in ONNX Runtime, {@link HfVerification}: the eager twin at two
 * prompt lengths, a cached step and 8 greedy tokens, then PyTorch's io.safetensors (empty cache), io_past.safetensors
 * (logits and every present) and the 24 greedy tokens of generate.json for both prompts. All axes are dynamic, and the
 * graphs are smaller than torch.onnx 1.13's (opset 17, fixtures README).
 */
class HfExportTest {
    /** torch.onnx 1.13's node counts at opset 17 under the same names (fixtures README). */
    static final Map<String, Integer> TORCH_NODES = Map.of("llama-tiny", 761, "qwen2-tiny", 541, "gpt2-hf-tiny", 518, "gpt2-hf-legacy", 380);

    @TempDir Path tmp;

    static RuntimeVerifier ort() {
        RuntimeVerifier ort = ServiceLoader.load(RuntimeVerifier.class).findFirst().orElse(null);
        assertNotNull(ort, "no RuntimeVerifier on the class path (modules/ort is a test dependency)");
        return ort;
    }

    @TestFactory
    Stream<DynamicNode> exportsPassPyTorchAndGeneration() throws Exception {
        return Fixtures.factory(() -> {
            List<DynamicNode> tests = new ArrayList<>();
            for (String name : Fixtures.HF_MODELS) {
                Fixtures.hf(name);
                for (int opset : new int[] {14, 17, 22, 23, 26}) tests.add(DynamicTest.dynamicTest(name + " opset " + opset, () -> check(name, opset, true)));
            }
            return tests.stream();
        });
    }

    /** The plain forward ({@code --no-cache}) passes too: greedy decoding recomputes the whole sequence each step. */
    @TestFactory
    Stream<DynamicNode> exportsWithoutTheCache() throws Exception {
        return Fixtures.factory(() -> Stream.of("llama-tiny", "gpt2-hf-tiny")
                .map(name -> DynamicTest.dynamicTest(name + " without cache", () -> check(name, 17, false))));
    }

    private void check(String name, int opset, boolean cache) throws IOException {
        try (HfModel hf = HfModels.load(Fixtures.hf(name))) {
            boolean withCache = cache && hf.isDecoder();
            Path file = tmp.resolve(name + "-" + opset + (withCache ? "" : "-nocache") + ".onnx");
            ExportOptions o = ExportOptions.builder().opsetVersion(opset).inputNames(hf.inputNames(withCache))
                    .outputNames(hf.outputNames(withCache)).dynamicAxes(new java.util.LinkedHashMap<>(hf.dynamicAxes(withCache))).build();
            OnnxExport.export(hf.module(), hf.exampleInputs(withCache), file, o);
            ModelProto model = ModelProto.parseFrom(Files.readAllBytes(file));
            assertEquals(List.of(), StructuralChecker.check(model, file.getParent()), name + " opset " + opset + ": structural checker");
            if (OfficialChecker.knows(opset)) assertNull(OfficialChecker.checkFile(file), name + " opset " + opset + ": official checker");
            interfaceIsOptimums(hf, model, withCache);

            Map<String, Integer> ops = new TreeMap<>();
            for (NodeProto n : model.getGraph().getNodeList()) ops.merge(n.getOpType(), 1, Integer::sum);
            System.out.printf("%-14s opset %d%s: %d nodes%s %s%n", name, opset, withCache ? "" : " (no cache)", model.getGraph().getNodeCount(),
                    TORCH_NODES.containsKey(name) ? " (torch 1.13 at 17: " + TORCH_NODES.get(name) + ")" : "", ops);
            if (opset == 17 && withCache && TORCH_NODES.containsKey(name)) {
                assertTrue(model.getGraph().getNodeCount() < TORCH_NODES.get(name), name + ": not leaner than torch's export");
            }
            if (hf.isDecoder()) {
                // grouped-query attention broadcasts key/value heads; nothing repeats the cache
                assertFalse(ops.containsKey("Expand") || ops.containsKey("Tile"), name + ": repeats key/value heads: " + ops);
                if (ops.containsKey("Cos")) assertEquals(1, ops.get("Cos"), name + ": rotary tables must be computed once per call, not per layer");
            }
            fusedOperators(hf, opset, ops, name + " opset " + opset);
            // the attention mask is expanded to [.., L, S] at most once, not before every Attention
            if (opset >= 23) assertTrue(ops.getOrDefault("Expand", 0) <= 1, name + " opset " + opset + ": " + ops);
            if (opset >= 23 && withCache) {
                // the cache goes into each Attention (AttentionKvCache): past inputs and present outputs by their names
                for (var n : model.getGraph().getNodeList()) {
                    if (!n.getOpType().equals("Attention")) continue;
                    assertEquals(6, n.getInputCount(), name + ": " + n);
                    assertTrue(n.getInput(4).startsWith("past_key_values.") && n.getInput(5).startsWith("past_key_values."), name + ": " + n);
                    assertTrue(n.getOutputCount() == 3 && n.getOutput(1).startsWith("present.") && n.getOutput(2).startsWith("present."),
                            name + ": " + n);
                }
            }

            List<String> lines = new ArrayList<>();
            boolean ok = HfVerification.verify(hf, file, withCache, VerificationService.of(ort()), lines::add);
            lines.forEach(l -> System.out.println("  " + l));
            assertTrue(ok, name + " opset " + opset + " fails verification:\n" + String.join("\n", lines));
            long fixtureChecks = lines.stream().filter(l -> l.startsWith("io") || l.startsWith("generate.json")).count();
            assertTrue(fixtureChecks >= (hf.isDecoder() ? (withCache ? 3 : 2) : 1), name + ": PyTorch's outputs were not all compared: " + lines);
        }
    }

    /**
     * From opset 23 every attention is one Attention node and, in Llama-style models, every RMSNorm one
     * RMSNormalization and every rotary embedding (queries and keys of each layer) one RotaryEmbedding; before 23, none.
     */
    private static void fusedOperators(HfModel hf, int opset, Map<String, Integer> ops, String what) {
        int layers = hf.isDecoder() ? hf.decoder().numLayers() : ((BertModel) hf.module()).config().numLayers();
        boolean llama = hf.module() instanceof LlamaForCausalLM;
        Map<String, Integer> want = new TreeMap<>();
        want.put("Attention", opset >= 23 ? layers : 0);
        want.put("RMSNormalization", opset >= 23 && llama ? 2 * layers + 1 : 0);
        want.put("RotaryEmbedding", opset >= 23 && llama ? 2 * layers : 0);
        Map<String, Integer> got = new TreeMap<>();
        for (String op : want.keySet()) got.put(op, ops.getOrDefault(op, 0));
        assertEquals(want, got, what + ": fused operators");
    }

    /** Optimum's names and dynamic axes: the exported interface existing runtimes drive. */
    private static void interfaceIsOptimums(HfModel hf, ModelProto model, boolean cache) {
        List<String> inputs = model.getGraph().getInputList().stream().map(ValueInfoProto::getName).toList();
        List<String> outputs = model.getGraph().getOutputList().stream().map(ValueInfoProto::getName).toList();
        assertEquals(hf.inputNames(cache), inputs);
        assertEquals(hf.outputNames(cache), outputs);
        for (ValueInfoProto v : concat(model.getGraph().getInputList(), model.getGraph().getOutputList())) {
            Map<Integer, String> want = hf.dynamicAxes(cache).get(v.getName());
            assertNotNull(want, v.getName() + " has no dynamic axes");
            List<TensorShapeProto.Dimension> dims = v.getType().getTensorType().getShape().getDimList();
            for (Map.Entry<Integer, String> a : want.entrySet()) {
                assertEquals(a.getValue(), dims.get(a.getKey()).getDimParam(), v.getName() + " axis " + a.getKey());
            }
        }
    }

    private static List<ValueInfoProto> concat(List<ValueInfoProto> a, List<ValueInfoProto> b) {
        List<ValueInfoProto> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** Shape-only tracing (what export --hf uses: no eager pass over the weights) writes the same bytes. */
    @Test
    void shapeOnlyTraceWritesTheSameFile() throws IOException {
        try (HfModel hf = HfModels.load(Fixtures.hf("llama-tiny"))) {
            ExportOptions.Builder b = ExportOptions.builder().opsetVersion(17).inputNames(hf.inputNames(true))
                    .outputNames(hf.outputNames(true)).dynamicAxes(new java.util.LinkedHashMap<>(hf.dynamicAxes(true)));
            Path full = tmp.resolve("full.onnx"), shapes = tmp.resolve("shapes.onnx");
            OnnxExport.export(hf.module(), hf.exampleInputs(true), full, b.build());
            OnnxExport.export(hf.module(), hf.exampleInputs(true), shapes, b.shapeOnlyTrace(true).build());
            assertEquals(-1L, Files.mismatch(full, shapes), "shape-only trace changed the file");
        }
    }

    /**
     * Config keys the fixtures leave at their defaults are honoured: an explicit head_dim (not hidden / heads),
     * attention_bias (biases on q/k/v/o), a tied head, and Mistral's name. Random weights; eager twin vs ORT.
     */
    @Test
    void explicitHeadDimAttentionBiasAndTiedHeadExport() throws IOException {
        Path folder = Files.createDirectories(tmp.resolve("mistral-like"));
        Files.writeString(folder.resolve("config.json"), """
                {"architectures": ["MistralForCausalLM"], "model_type": "mistral", "vocab_size": 300, "hidden_size": 64,
                 "intermediate_size": 96, "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 2,
                 "head_dim": 24, "rope_theta": 500000.0, "rms_norm_eps": 1e-5, "tie_word_embeddings": true,
                 "attention_bias": true, "max_position_embeddings": 128, "hidden_act": "silu", "sliding_window": null}
                """);
        dev.onnxport.zoo.hf.HfConfig config = dev.onnxport.zoo.hf.HfConfig.read(folder);
        var module = HfModels.build(config, 3);
        Map<String, dev.onnxport.tensor.Tensor> sd = module.stateDict();
        org.junit.jupiter.api.Assertions.assertArrayEquals(new long[] {96, 64}, sd.get("model.layers.0.self_attn.q_proj.weight").shape());
        org.junit.jupiter.api.Assertions.assertArrayEquals(new long[] {48}, sd.get("model.layers.0.self_attn.k_proj.bias").shape());
        assertTrue(sd.containsKey("model.layers.0.self_attn.o_proj.bias"), "attention_bias puts a bias on o_proj");
        assertFalse(sd.containsKey("lm_head.weight"), "a tied head has no weight of its own");
        HfModel hf = new HfModel(folder, "MistralForCausalLM", config, module, null);
        Path file = tmp.resolve("mistral-like.onnx");
        ExportOptions o = ExportOptions.builder().opsetVersion(17).inputNames(hf.inputNames(true))
                .outputNames(hf.outputNames(true)).dynamicAxes(new java.util.LinkedHashMap<>(hf.dynamicAxes(true))).build();
        OnnxExport.export(module, hf.exampleInputs(true), file, o);
        List<String> lines = new ArrayList<>();
        boolean ok = HfVerification.verify(hf, file, true, VerificationService.of(ort()), lines::add);
        assertTrue(ok, String.join("\n", lines));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("greedy 8 tokens vs eager: ok")), lines.toString());
    }

    @Test
    void gpt2LegacyLoadsTheOriginalLayout() {
        try (HfModel hf = HfModels.load(Fixtures.hf("gpt2-hf-legacy"))) {
            assertTrue(hf.module().stateDict().containsKey("transformer.h.0.attn.c_attn.weight"));
            assertFalse(hf.module().stateDict().keySet().stream().anyMatch(k -> k.endsWith("masked_bias")));
        }
    }
}

package dev.onnxport.zoo.hf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onnxport.nn.Init;
import dev.onnxport.safetensors.Safetensors;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.testing.Fixtures;
import dev.onnxport.util.Json;
import dev.onnxport.verify.TensorComparison;
import dev.onnxport.verify.Tolerance;
import dev.onnxport.verify.VerificationReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The Java twins of the Hugging Face fixtures, loaded from their folders as they are, reproduce PyTorch eagerly:
 * io.safetensors (whole prompt, empty cache), io_past.safetensors (one cached step: logits and every present), and the
 * 24 greedy tokens of generate.json, within 1e-5 + 1e-4 * max|want| per output. Errors are printed.
 */
class HfTwinsTest {
    @TestFactory
    Stream<DynamicNode> twinsMatchPyTorch() throws Exception {
        return Fixtures.factory(() -> Fixtures.HF_MODELS.stream().map(name -> DynamicTest.dynamicTest(name, () -> matches(name))));
    }

    private static void matches(String name) throws Exception {
        Path dir = Fixtures.hf(name);
        try (HfModel hf = HfModels.load(dir)) {
            int compared = 0;
            for (String file : List.of("io.safetensors", "io_past.safetensors")) {
                if (!Files.isRegularFile(dir.resolve(file))) continue;
                Map<String, Tensor> io = Safetensors.read(dir.resolve(file));
                boolean cache = hf.isDecoder();
                List<String> in = hf.inputNames(cache);
                Tensor[] args = new Tensor[in.size()];
                List<Tensor> empty = cache ? hf.decoder().emptyCache(io.get("input_ids").size(0)) : List.of();
                for (int i = 0; i < args.length; i++) args[i] = io.containsKey(in.get(i)) ? io.get(in.get(i)) : empty.get(i - 3);
                List<Tensor> got = dev.onnxport.tensor.Tensors.flatten(hf.module().invoke(args));
                List<String> out = hf.outputNames(cache);
                for (int i = 0; i < out.size(); i++) {
                    Tensor want = io.get(out.get(i));
                    if (want == null) continue;
                    VerificationReport.Output o = TensorComparison.compare(out.get(i), got.get(i), want, Tolerance.SCALE_AWARE, false);
                    System.out.printf("%-14s %-19s %s%n", name, file, VerificationReport.line(o));
                    assertTrue(o.passed(), name + " " + file + ": " + VerificationReport.line(o));
                    compared++;
                }
            }
            assertTrue(compared >= (hf.isDecoder() ? 2 + 2 * hf.decoder().numLayers() : 2), name + ": only " + compared + " outputs compared");
            Path gen = dir.resolve("generate.json");
            if (hf.isDecoder()) {
                assertTrue(Files.isRegularFile(gen), name + ": a decoder fixture must have generate.json");
                @SuppressWarnings("unchecked")
                Map<String, Object> g = (Map<String, Object>) Json.parse(Files.readString(gen));
                long[][] prompts = HfVerification.longs(g.get("prompt_ids")), want = HfVerification.longs(g.get("greedy_new_ids"));
                long[][] got = GreedyDecoding.generate(GreedyDecoding.eager(hf.decoder()), GreedyDecoding.CacheLayout.of(hf.decoder()),
                        prompts, want[0].length, null);
                assertArrayEquals(want, got, name + ": eager greedy tokens with the cache");
                long[][] noCache = GreedyDecoding.generate(GreedyDecoding.eager(hf.decoder()), GreedyDecoding.CacheLayout.NONE,
                        prompts, 6, null);
                for (int r = 0; r < want.length; r++) {
                    assertArrayEquals(java.util.Arrays.copyOf(want[r], 6), noCache[r], name + ": eager greedy tokens without the cache");
                }
            }
        }
    }

    /** A short prompt batched with a longer one (left-padded) generates what it generates alone. */
    @Test
    void leftPaddingDoesNotChangeARowsTokens() {
        try (HfModel hf = HfModels.load(Fixtures.hf("llama-tiny"))) {
            GreedyDecoding.Step step = GreedyDecoding.eager(hf.decoder());
            GreedyDecoding.CacheLayout layout = GreedyDecoding.CacheLayout.of(hf.decoder());
            long[] shortPrompt = {5, 17, 42}, longPrompt = {7, 261, 243, 439, 187, 46, 461};
            long[][] together = GreedyDecoding.generate(step, layout, new long[][] {longPrompt, shortPrompt}, 6, null);
            long[][] alone = GreedyDecoding.generate(step, layout, new long[][] {shortPrompt}, 6, null);
            assertArrayEquals(alone[0], together[1]);
        }
    }

    /** GPT-2 small's shape has 124,439,808 parameters with the head tied to wte, as transformers counts them. */
    @Test
    void gpt2SmallHasTheParameterCountOfTransformers() {
        GPT2LMHeadModel m = Init.withoutData(() -> new GPT2LMHeadModel(GPT2LMHeadModel.Config.GPT2));
        assertEquals(124_439_808L, m.parameterCount());
        assertTrue(m.stateDict().containsKey("transformer.h.11.attn.c_attn.weight"));
        assertArrayEquals(new long[] {768, 2304}, m.stateDict().get("transformer.h.11.attn.c_attn.weight").shape(), "Conv1D is [in, out]");
    }

    /** bfloat16 weights are widened to float32 without a heap copy: the loaded tensors stay views of the mapping. */
    @Test
    void bfloat16WeightsAreWidenedLazily() {
        try (HfModel hf = HfModels.load(Fixtures.hf("llama-tiny"))) {
            Tensor w = hf.module().stateDict().get("model.layers.0.mlp.gate_proj.weight");
            assertEquals(DType.FLOAT32, w.dtype());
            assertEquals(DType.BFLOAT16, hf.weights().tensors().get("model.layers.0.mlp.gate_proj.weight").dtype());
            assertTrue(!(w.storage() instanceof dev.onnxport.tensor.HeapStorage), "widened weight was copied to the heap");
        }
    }
}

package dev.onnxport.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.onnxport.nn.Module;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every factory's model has PyTorch's parameter count: torchvision's published counts for the vision models,
 * and for the others the count of the models.py definition, computed here from the layer shapes.
 */
class ZooParameterCountTest {
    static final Map<String, Long> EXPECTED = new TreeMap<>();

    static {
        // torchvision 0.14, sum(p.numel() for p in model.parameters())
        EXPECTED.put("resnet18", 11_689_512L);
        EXPECTED.put("resnet34", 21_797_672L);
        EXPECTED.put("resnet50", 25_557_032L);
        EXPECTED.put("resnet101", 44_549_160L);
        EXPECTED.put("resnet152", 60_192_808L);
        EXPECTED.put("mobilenet_v2", 3_504_872L);
        EXPECTED.put("mlp", linear(784, 256) + linear(256, 256) + linear(256, 10));
        EXPECTED.put("lenet", conv(1, 6, 5) + conv(6, 16, 5) + linear(400, 120) + linear(120, 84) + linear(84, 10));
        EXPECTED.put("lstm_tagger", 500 * 32 + lstmLayer(32, 48) + lstmLayer(48, 48) + linear(48, 7));
        EXPECTED.put("gru_bidir", 2L * (3 * 24 * (16 + 24) + 2 * 3 * 24));
        EXPECTED.put("tiny_gpt", gpt(1000, 64, 64, 2));
        EXPECTED.put("gpt2-tiny", gpt(1000, 64, 64, 2));
        EXPECTED.put("gpt2-tiny-generate", gpt(1000, 64, 64, 2));
        EXPECTED.put("gpt2", gpt(50257, 1024, 768, 12));
        EXPECTED.put("tiny_bert", bert(1000, 64, 64, 2));
        EXPECTED.put("bert-base", bert(30522, 512, 768, 12));
    }

    static long linear(long in, long out) { return in * out + out; }
    static long conv(long in, long out, long k) { return in * out * k * k + out; }
    static long layerNorm(long d) { return 2 * d; }
    static long lstmLayer(long in, long h) { return 4 * h * (in + h) + 2 * 4 * h; }

    /** models.py Block: ln_1, attn_qkv, attn_proj, ln_2, mlp_fc, mlp_proj. */
    static long block(long d) {
        return layerNorm(d) + linear(d, 3 * d) + linear(d, d) + layerNorm(d) + linear(d, 4 * d) + linear(4 * d, d);
    }

    /** models.py GPT: wte, wpe, blocks, ln_f, untied lm_head without bias. */
    static long gpt(long vocab, long ctx, long d, int layers) {
        return vocab * d + ctx * d + layers * block(d) + layerNorm(d) + d * vocab;
    }

    /** models.py Bert: word, pos, tok_type (2 rows), emb_ln, blocks, pool. */
    static long bert(long vocab, long ctx, long d, int layers) {
        return vocab * d + ctx * d + 2 * d + layerNorm(d) + layers * block(d) + linear(d, d);
    }

    @Test
    void everyFactoryHasAnExpectedCount() {
        assertEquals(ZooServicesTest.NAMES, List.copyOf(EXPECTED.keySet()));
    }

    @Test
    void bigTransformerCounts() {
        assertEquals(163_037_184L, EXPECTED.get("gpt2"), "gpt2 with its untied head; 124,439,808 when tied as in Hugging Face");
        assertEquals(109_482_240L, EXPECTED.get("bert-base"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.onnxport.zoo.ZooServicesTest#names")
    void parameterCount(String name) {
        long t0 = System.nanoTime();
        Module m = Zoo.create(name);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("%-13s %,13d parameters, built in %,d ms%n", name, m.parameterCount(), ms);
        assertEquals(EXPECTED.get(name), m.parameterCount(), name);
    }

    /** The fixtures' model.json (written by PyTorch) agrees with the table above for every model that has one. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.onnxport.zoo.ZooFixtureTest#models")
    void fixtureAgrees(String name) {
        long want = ((Number) ZooFixtures.info(name).get("parameters")).longValue();
        assertEquals(want, EXPECTED.get(name), name + ": model.json");
    }
}

package dev.onnxport.ops;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onnxport.nn.F;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.testing.AttentionCases;
import dev.onnxport.testing.Fixtures;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * rms_norm, scaled_dot_product_attention and onnxport::rotary_embedding computed eagerly against PyTorch
 * (tools/attention-fixtures/gen_attention.py: transformers' and torch's reference formulas in float64),
 * rtol 1e-4 / atol 1e-5, and their argument checks.
 */
class AttentionOpsTest {
    @TestFactory
    Stream<DynamicTest> eagerMatchesPyTorch() {
        return AttentionCases.all().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            Tensor got = c.call().apply(c.inputs());
            assertNull(Fixtures.compare(got, c.expected(), 1e-4, 1e-5), c.name());
        }));
    }

    @Test
    void shapeOnlyCallsGiveTheEagerShapes() {
        for (AttentionCases.Case c : AttentionCases.all()) {
            Tensor[] meta = Stream.of(c.inputs()).map(Tensor::toMeta).toArray(Tensor[]::new);
            Tensor got = c.call().apply(meta);
            assertTrue(java.util.Arrays.equals(got.shape(), c.expected().shape()) && got.dtype() == DType.FLOAT32, c.name() + ": " + got);
        }
    }

    @Test
    void badArgumentsSayWhatIsWrong() {
        Tensor q = Tensor.zeros(DType.FLOAT32, 2, 8, 3, 16), k = Tensor.zeros(DType.FLOAT32, 2, 3, 3, 16);
        String gqa = assertThrows(IllegalArgumentException.class, () -> F.scaledDotProductAttention(q, k, k, null, false, null, true)).getMessage();
        assertTrue(gqa.contains("multiple of key heads (3)"), gqa);
        Tensor k2 = Tensor.zeros(DType.FLOAT32, 2, 2, 3, 8);
        String width = assertThrows(IllegalArgumentException.class, () -> F.scaledDotProductAttention(q, k2, k2, null)).getMessage();
        assertTrue(width.contains("key must be [..., S, 16]"), width);
        String both = assertThrows(IllegalArgumentException.class,
                () -> F.scaledDotProductAttention(q, q, q, Tensor.zeros(DType.FLOAT32, 3, 3), true, null, false)).getMessage();
        assertTrue(both.contains("not both"), both);
        OpDef sdpa = dev.onnxport.ops.aten.AtenOps.registry().get("aten::scaled_dot_product_attention");
        String dropout = assertThrows(IllegalArgumentException.class, () -> sdpa.call1(q, q, q, null, 0.1)).getMessage();
        assertTrue(dropout.contains("dropout_p=0"), dropout);
        String rms = assertThrows(IllegalArgumentException.class, () -> F.rmsNorm(q, new long[] {8}, null, 1e-6)).getMessage();
        assertTrue(rms.contains("trailing dims"), rms);
        String rot = assertThrows(IllegalArgumentException.class,
                () -> F.rotaryEmbedding(q, Tensor.zeros(DType.FLOAT32, 2, 3, 12), Tensor.zeros(DType.FLOAT32, 2, 3, 12))).getMessage();
        assertTrue(rot.contains("rotary_dim <= head_dim"), rot);
    }
}

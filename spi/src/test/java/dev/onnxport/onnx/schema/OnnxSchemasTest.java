package dev.onnxport.onnx.schema;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onnxport.onnx.proto.AttributeProto.AttributeType;
import org.junit.jupiter.api.Test;

class OnnxSchemasTest {

    @Test
    void coversOpsetsOneToTwentySix() {
        assertEquals(26, OnnxSchemas.maxOpset());
        assertTrue(OnnxSchemas.opTypes().size() > 180, "ops: " + OnnxSchemas.opTypes().size());
        assertThrows(IllegalArgumentException.class, () -> OnnxSchemas.get("Add", 27));
        assertThrows(IllegalArgumentException.class, () -> OnnxSchemas.get("Add", 0));
        assertNull(OnnxSchemas.get("NoSuchOp", 13));
        assertEquals(0, OnnxSchemas.sinceVersions("NoSuchOp").length);
    }

    @Test
    void addPicksTheVersionInForce() {
        assertEquals(13, OnnxSchemas.get("Add", 13).sinceVersion());
        assertEquals(14, OnnxSchemas.get("Add", 14).sinceVersion());
        assertEquals(14, OnnxSchemas.get("Add", 22).sinceVersion());
        assertEquals(7, OnnxSchemas.get("Add", 12).sinceVersion());
        assertArrayEquals(new int[] {1, 6, 7, 13, 14}, OnnxSchemas.sinceVersions("Add"));
        OpSchema add = OnnxSchemas.get("Add", 14);
        assertEquals(2, add.minInput());
        assertEquals(2, add.maxInput());
        assertEquals("T", add.inputs().get(0).typeStr());
        assertTrue(add.typeConstraint("T").allows("tensor(float)"));
        assertTrue(add.typeConstraint("T").allows("tensor(bfloat16)"));
        assertFalse(add.typeConstraint("T").allows("tensor(bool)"));
    }

    @Test
    void opsAppearAtTheirFirstOpset() {
        assertNull(OnnxSchemas.get("Trilu", 13));
        assertEquals(14, OnnxSchemas.get("Trilu", 14).sinceVersion());
        assertNull(OnnxSchemas.get("LayerNormalization", 16));
        assertEquals(17, OnnxSchemas.get("LayerNormalization", 17).sinceVersion());
        assertNull(OnnxSchemas.get("GroupNormalization", 17));
        // The specification deprecated GroupNormalization-18 (ONNX 1.18); -21 replaces it.
        assertNull(OnnxSchemas.get("GroupNormalization", 18));
        assertTrue(OnnxSchemas.inForce("GroupNormalization", 18).deprecated());
        assertNull(OnnxSchemas.get("Attention", 22));
        assertEquals(23, OnnxSchemas.get("Attention", 23).sinceVersion());
        assertEquals(24, OnnxSchemas.get("Attention", 24).sinceVersion());
        assertEquals(23, OnnxSchemas.get("RMSNormalization", 26).sinceVersion());
        assertEquals(23, OnnxSchemas.get("RotaryEmbedding", 23).sinceVersion());
        assertEquals(21, OnnxSchemas.get("GroupNormalization", 21).sinceVersion());
    }

    @Test
    void sliceMovedStartsAndEndsFromAttributesToInputs() {
        OpSchema s9 = OnnxSchemas.get("Slice", 9);
        assertEquals(1, s9.sinceVersion());
        assertTrue(s9.attribute("starts").required());
        assertEquals(AttributeType.INTS, s9.attribute("ends").type());
        assertEquals(1, s9.inputs().size());

        OpSchema s10 = OnnxSchemas.get("Slice", 10);
        assertEquals(10, s10.sinceVersion());
        assertNull(s10.attribute("starts"));
        assertEquals(1, s10.inputIndex("starts"));
        assertEquals(2, s10.inputIndex("ends"));
        assertEquals(FormalParameter.Option.OPTIONAL, s10.inputs().get(s10.inputIndex("axes")).option());
    }

    @Test
    void clipAndSqueezeTookTheirArgumentsAsInputs() {
        OpSchema clip = OnnxSchemas.get("Clip", 11);
        assertEquals(11, clip.sinceVersion());
        assertEquals(FormalParameter.Option.OPTIONAL, clip.inputs().get(clip.inputIndex("min")).option());
        assertEquals(FormalParameter.Option.OPTIONAL, clip.inputs().get(clip.inputIndex("max")).option());
        assertNull(clip.attribute("min"));
        assertEquals(AttributeType.FLOAT, OnnxSchemas.get("Clip", 10).attribute("min").type());

        assertEquals(1, OnnxSchemas.get("Squeeze", 13).inputIndex("axes"));
        assertNull(OnnxSchemas.get("Squeeze", 13).attribute("axes"));
        assertNotNull(OnnxSchemas.get("Squeeze", 12).attribute("axes"));
    }

    @Test
    void attributeTypesAndDefaultsAreRead() {
        OpSchema gemm = OnnxSchemas.get("Gemm", 13);
        Attribute alpha = gemm.attribute("alpha");
        assertEquals(AttributeType.FLOAT, alpha.type());
        assertFalse(alpha.required());
        assertEquals(1.0f, alpha.defaultValue().getF());
        assertEquals("alpha", alpha.defaultValue().getName());
        assertEquals(AttributeType.INT, gemm.attribute("transB").type());
        assertEquals(0L, gemm.attribute("transB").defaultValue().getI());

        Attribute eps = OnnxSchemas.get("LayerNormalization", 17).attribute("epsilon");
        assertEquals(1e-5f, eps.defaultValue().getF());
        assertEquals(-1L, OnnxSchemas.get("LayerNormalization", 17).attribute("axis").defaultValue().getI());
        assertEquals("NOTSET", OnnxSchemas.get("Conv", 11).attribute("auto_pad").defaultValue().getS().toStringUtf8());
        assertFalse(OnnxSchemas.get("Conv", 11).attribute("kernel_shape").hasDefault());
        assertTrue(OnnxSchemas.get("Constant", 13).attribute("value").type() == AttributeType.TENSOR);
    }

    @Test
    void variadicAndDeprecatedOpsAreDescribed() {
        OpSchema concat = OnnxSchemas.get("Concat", 13);
        assertEquals(FormalParameter.Option.VARIADIC, concat.inputs().get(0).option());
        assertEquals(1, concat.inputs().get(0).minArity());
        assertEquals(Integer.MAX_VALUE, concat.maxInput());

        assertNull(OnnxSchemas.get("Upsample", 10), "Upsample is deprecated from opset 10");
        assertTrue(OnnxSchemas.inForce("Upsample", 10).deprecated());
        assertNotNull(OnnxSchemas.get("Upsample", 9));
        assertNull(OnnxSchemas.get("Scatter", 11));
        assertNotNull(OnnxSchemas.get("Scatter", 10));
    }
}

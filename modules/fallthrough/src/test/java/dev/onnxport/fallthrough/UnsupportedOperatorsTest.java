package dev.onnxport.fallthrough;

import static dev.onnxport.fallthrough.UserOps.range;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onnxport.export.ExportOptions;
import dev.onnxport.export.OnnxExport;
import dev.onnxport.spi.OperatorExportType;
import dev.onnxport.errors.UnsupportedOperatorError;
import dev.onnxport.nn.Module;
import dev.onnxport.ops.OpDef;
import dev.onnxport.ops.OpRegistry;
import dev.onnxport.ops.aten.AtenOps;
import dev.onnxport.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** In the ONNX mode one UnsupportedOperatorError lists every op that cannot be converted, with where and from which opset. */
class UnsupportedOperatorsTest {
    private static final int[] FIRST_LINE = new int[1];

    /**
     * Calls a user op without symbolic twice and masked_fill.Scalar with -inf, which ONNX can express only from
     * opset 9 (Where; the arithmetic form below 9 cannot make -inf). The ops are called here, not through a
     * helper, so that the source line is in this file.
     */
    private static final Module MODEL = new Module() {
        @Override public Object invoke(Tensor... in) {
            OpDef st = AtenOps.registry().get(UserOps.SCALED_TANH);
            Tensor a = st.call1(in[0], 0.5); FIRST_LINE[0] = new Throwable().getStackTrace()[0].getLineNumber();
            Tensor b = st.call1(a, 2.0);
            Tensor mask = AtenOps.registry().get("aten::gt.Scalar").call1(b, 0.0);
            return AtenOps.registry().get("aten::masked_fill.Scalar").call1(b, mask, Double.NEGATIVE_INFINITY);
        }
    };

    @Test
    void oneErrorListsEveryUnsupportedOp() {
        UserOps.register();
        UnsupportedOperatorError e = assertThrows(UnsupportedOperatorError.class, () -> OnnxExport.exportToPrettyString(MODEL,
                new Tensor[] {range(6, 2, 3)}, ExportOptions.builder().opsetVersion(8).operatorExportType(OperatorExportType.ONNX).build()));
        String m = e.getMessage();
        assertTrue(m.startsWith("Exporting to ONNX opset 8 failed: 2 operator(s) cannot be converted:"), m);
        assertTrue(m.contains("mydomain::scaled_tanh (2 calls, first at UnsupportedOperatorsTest.java:" + FIRST_LINE[0] + ")"), m);
        assertTrue(m.contains("not supported at any opset"), m);
        assertTrue(m.contains("aten::masked_fill.Scalar (1 call, first at UnsupportedOperatorsTest.java:"), m);
        assertTrue(m.contains("supported from opset 9"), m);
        assertFalse(m.contains("aten::gt"), m);
        assertEquals(2, m.lines().filter(l -> l.startsWith("  ")).count(), m);

        // the same facts as records, for programs
        assertEquals(8, e.opset());
        assertEquals(List.of("mydomain::scaled_tanh", "aten::masked_fill.Scalar"),
                e.operators().stream().map(UnsupportedOperatorError.Operator::op).toList());
        UnsupportedOperatorError.Operator tanh = e.operators().get(0), fill = e.operators().get(1);
        assertEquals(2, tanh.count());
        assertEquals("UnsupportedOperatorsTest.java:" + FIRST_LINE[0], tanh.firstSource());
        assertEquals(0, tanh.fromOpset());
        assertEquals("no symbolic function", tanh.reason());
        assertEquals(1, fill.count());
        assertEquals(9, fill.fromOpset());
        assertTrue(fill.supportedFromLaterOpset(8) && !tanh.supportedFromLaterOpset(8));
        assertFalse(e.onlyLaterOpsetsWork());
    }
}

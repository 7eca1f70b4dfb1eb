package dev.onnxport.fallthrough;

import static dev.onnxport.fallthrough.UserOps.call;
import static dev.onnxport.fallthrough.UserOps.range;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onnxport.export.ExportOptions;
import dev.onnxport.export.OnnxExport;
import dev.onnxport.errors.OnnxExporterError;
import dev.onnxport.spi.OperatorExportType;
import dev.onnxport.ir.Value;
import dev.onnxport.nn.Module;
import dev.onnxport.onnx.proto.AttributeProto;
import dev.onnxport.onnx.proto.ModelProto;
import dev.onnxport.onnx.proto.NodeProto;
import dev.onnxport.onnx.proto.OperatorSetIdProto;
import dev.onnxport.spi.SymbolicFunction;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** registerCustomOpSymbolic / unregisterCustomOpSymbolic with torch's rules, and a user-defined operator exported. */
class CustomSymbolicsTest {
    private static final SymbolicFunction NOTHING = c -> new Value[] {c.input(0)};

    /** relu as Max(x, 0): recognisable in the graph and correct. */
    private static final SymbolicFunction RELU_AS_MAX =
            c -> new Value[] {c.op("Max", c.input(0), c.constant(Tensor.scalar(0.0, DType.FLOAT32))).output()};

    private static final Module RELU = new Module() {
        @Override public Object invoke(Tensor... in) { return call("aten::relu", in[0]); }
    };

    private static String opTypes(Module m, int opset) {
        return OnnxExport.exportToPrettyString(m, new Tensor[] {range(6, 2, 3)},
                ExportOptions.builder().opsetVersion(opset).operatorExportType(OperatorExportType.ONNX).build());
    }

    @Test
    void namesFollowTorchRules() {
        for (String ok : List.of("mydomain::myop", "::myop", "my_domain2::my_op", "aten::add.Tensor", "_x::_y")) {
            OnnxExport.registerCustomOpSymbolic(ok, 9, NOTHING);
            OnnxExport.unregisterCustomOpSymbolic(ok, 9);
        }
        for (String bad : List.of("myop", "a::b::c", "::", "dom::", "1dom::x", "dom::1x", "my-domain::x", "dom::x y", "dom:x", "com.example::x")) {
            OnnxExporterError e = assertThrows(OnnxExporterError.class, () -> OnnxExport.registerCustomOpSymbolic(bad, 9, NOTHING), bad);
            assertTrue(e.getMessage().contains("'" + bad + "'") && e.getMessage().contains("namespace::op"), e.getMessage());
        }
        OnnxExporterError e = assertThrows(OnnxExporterError.class, () -> OnnxExport.registerCustomOpSymbolic("onnx::Relu", 9, NOTHING));
        assertTrue(e.getMessage().contains("the onnx domain cannot be modified"), e.getMessage());
        assertThrows(OnnxExporterError.class, () -> OnnxExport.registerCustomOpSymbolic("mydomain::myop", 0, NOTHING));
        assertThrows(OnnxExporterError.class, () -> OnnxExport.unregisterCustomOpSymbolic("onnx::Relu", 9));
    }

    /** "::relu" is aten::relu; it wins over the built-in Relu from its opset up, and unregistering restores Relu. */
    @Test
    void overridesBuiltinsFromItsOpsetUp() {
        OnnxExport.registerCustomOpSymbolic("::relu", 15, RELU_AS_MAX);
        try {
            assertTrue(opTypes(RELU, 14).contains("= Relu("), opTypes(RELU, 14));
            for (int opset : new int[] {15, 17, 22}) {
                String text = opTypes(RELU, opset);
                assertTrue(text.contains("= Max(") && !text.contains("Relu("), text);
            }
        } finally {
            OnnxExport.unregisterCustomOpSymbolic("::relu", 15);
        }
        assertTrue(opTypes(RELU, 17).contains("= Relu("), opTypes(RELU, 17));
    }

    /** A user op mapped to a node of its own domain; custom_opsets sets that domain's version. */
    @Test
    void userOpToACustomDomainNode(@TempDir Path dir) throws Exception {
        OnnxExport.registerCustomOpSymbolic(UserOps.SCALED_TANH, 9, c ->
                new Value[] {c.op("mydomain", "ScaledTanh", c.input(0)).attr("alpha", (Double) c.constant(1)).output()});
        try {
            Path f = dir.resolve("scaled_tanh.onnx");
            OnnxExport.export(UserOps.net(), new Tensor[] {range(6, 2, 3)}, f, ExportOptions.builder().opsetVersion(17)
                    .operatorExportType(OperatorExportType.ONNX).customOpset("mydomain", 2).build());
            ModelProto model = ModelProto.parseFrom(Files.readAllBytes(f));
            assertEquals(Map.of("", 17L, "mydomain", 2L), model.getOpsetImportList().stream()
                    .collect(Collectors.toMap(OperatorSetIdProto::getDomain, OperatorSetIdProto::getVersion)));
            NodeProto st = model.getGraph().getNode(0);
            assertEquals("mydomain:ScaledTanh", st.getDomain() + ":" + st.getOpType());
            AttributeProto alpha = st.getAttribute(0);
            assertEquals("alpha", alpha.getName());
            assertEquals(AttributeProto.AttributeType.FLOAT, alpha.getType());
            assertEquals(0.5f, alpha.getF());
            assertEquals("Add", model.getGraph().getNode(1).getOpType());
        } finally {
            OnnxExport.unregisterCustomOpSymbolic(UserOps.SCALED_TANH, 9);
        }
    }

    /** A user op mapped to standard ops: the model runs in ONNX Runtime with the eager outputs (verify = true). */
    @Test
    void userOpToStandardOpsRunsInOrt(@TempDir Path dir) throws Exception {
        OnnxExport.registerCustomOpSymbolic(UserOps.SCALED_TANH, 9, c -> {
            Value alpha = c.constant(Tensor.scalar((Double) c.constant(1), DType.FLOAT32));
            return new Value[] {c.op("Tanh", c.op("Mul", c.input(0), alpha).output()).output()};
        });
        try {
            for (int opset : new int[] {9, 17}) {
                Path f = dir.resolve("scaled_tanh_" + opset + ".onnx");
                OnnxExport.export(UserOps.net(), new Tensor[] {range(6, 2, 3)}, f,
                        ExportOptions.builder().opsetVersion(opset).operatorExportType(OperatorExportType.ONNX).verify(true).build());
                ModelProto model = ModelProto.parseFrom(Files.readAllBytes(f));
                assertEquals(List.of(""), model.getOpsetImportList().stream().map(OperatorSetIdProto::getDomain).toList());
                assertEquals(List.of("Mul", "Tanh", "Add"), model.getGraph().getNodeList().stream()
                        .filter(n -> !n.getOpType().equals("Constant")).map(NodeProto::getOpType).toList());
            }
        } finally {
            OnnxExport.unregisterCustomOpSymbolic(UserOps.SCALED_TANH, 9);
        }
    }

    /** Without a symbolic function the user op is unsupported in ONNX, and kept as mydomain::scaled_tanh by ONNX_FALLTHROUGH. */
    @Test
    void unregisteredUserOpNeedsFallthrough() {
        OnnxExporterError e = assertThrows(OnnxExporterError.class, () -> OnnxExport.exportToPrettyString(UserOps.net(),
                new Tensor[] {range(6, 2, 3)}, ExportOptions.builder().opsetVersion(17).build()));
        assertTrue(e.getMessage().contains("mydomain::scaled_tanh"), e.getMessage());
        String text = OnnxExport.exportToPrettyString(UserOps.net(), new Tensor[] {range(6, 2, 3)},
                ExportOptions.builder().opsetVersion(17).operatorExportType(OperatorExportType.ONNX_FALLTHROUGH).build());
        assertTrue(text.contains("= mydomain::scaled_tanh[alpha = 0.5]("), text);
    }
}

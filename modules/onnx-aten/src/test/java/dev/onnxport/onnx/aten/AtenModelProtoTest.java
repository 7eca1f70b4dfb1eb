package dev.onnxport.onnx.aten;

import static dev.onnxport.onnx.aten.TinyNet.op;
import static dev.onnxport.onnx.aten.TinyNet.ramp;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.onnxport.export.ExportOptions;
import dev.onnxport.export.OnnxExport;
import dev.onnxport.spi.OperatorExportType;
import dev.onnxport.ir.Graph;
import dev.onnxport.onnx.proto.AttributeProto;
import dev.onnxport.onnx.proto.AttributeProto.AttributeType;
import dev.onnxport.onnx.proto.ModelProto;
import dev.onnxport.onnx.proto.NodeProto;
import dev.onnxport.onnx.proto.OperatorSetIdProto;
import dev.onnxport.onnx.writer.ModelAssembler;
import dev.onnxport.onnx.writer.WriterOptions;
import dev.onnxport.spi.CustomSymbolics;
import dev.onnxport.spi.LoweringContext;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.trace.Tracer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lowered graphs as the writer turns them into ModelProtos. */
class AtenModelProtoTest {
    /** conv2d (INTS), add with alpha (INT), layer_norm with weight None (an empty input) and eps (FLOAT), cat. */
    static TinyNet model() {
        return new TinyNet((m, x) -> {
            Tensor c = op("aten::conv2d").callKw(new Object[] {x[0], m.p("weight")}, Map.of("stride", new long[] {2, 2}))[0];
            Tensor a = op("aten::add.Tensor").callKw(new Object[] {c, c}, Map.of("alpha", 3L))[0];
            Tensor n = op("aten::layer_norm").call1(a, new long[] {2}, null, m.p("bias"), 1e-5, true);
            return op("aten::cat").call1(new Tensor[] {n, a}, 0L);
        }).param("weight", ramp(2, 1, 1, 1)).param("bias", ramp(2));
    }

    static ModelProto assemble(Map<String, Integer> customOpsets) {
        Graph g = Tracer.trace(model(), ramp(1, 1, 4, 4));
        new AtenExportMode().lower(g, new LoweringContext(17, customOpsets, false, new CustomSymbolics()));
        return ModelAssembler.assemble(g, WriterOptions.of(17).withCustomOpsets(customOpsets)).skeleton();
    }

    static Map<String, Long> opsets(ModelProto m) {
        Map<String, Long> out = new TreeMap<>();
        for (OperatorSetIdProto o : m.getOpsetImportList()) out.put(o.getDomain(), o.getVersion());
        return out;
    }

    static Map<String, AttributeType> attributeTypes(NodeProto n) {
        Map<String, AttributeType> out = new TreeMap<>();
        for (AttributeProto a : n.getAttributeList()) out.put(a.getName(), a.getType());
        return out;
    }

    static NodeProto aten(ModelProto m, String operator) {
        for (NodeProto n : m.getGraph().getNodeList()) {
            for (AttributeProto a : n.getAttributeList()) {
                if (a.getName().equals("operator") && a.getS().toStringUtf8().equals(operator)) return n;
            }
        }
        throw new AssertionError("no ATen node for " + operator);
    }

    @Test
    void domainVersionDefaultsToOne() {
        assertEquals(Map.of("", 17L, AtenExportMode.DOMAIN, 1L), opsets(assemble(Map.of())));
    }

    @Test
    void customOpsetsSetTheDomainVersion() {
        assertEquals(Map.of("", 17L, AtenExportMode.DOMAIN, 3L), opsets(assemble(Map.of(AtenExportMode.DOMAIN, 3))));
    }

    @Test
    void nodesAndAttributeProtoTypes() {
        ModelProto m = assemble(Map.of());
        for (NodeProto n : m.getGraph().getNodeList()) {
            assertEquals("ATen", n.getOpType());
            assertEquals(AtenExportMode.DOMAIN, n.getDomain());
        }
        AttributeType str = AttributeType.STRING, i = AttributeType.INT, f = AttributeType.FLOAT, ints = AttributeType.INTS;
        assertEquals(Map.of("operator", str, "overload_name", str, "stride", ints, "padding", ints, "dilation", ints, "groups", i),
                attributeTypes(aten(m, "conv2d")));
        assertEquals(Map.of("operator", str, "overload_name", str, "alpha", i), attributeTypes(aten(m, "add")));
        assertEquals("Tensor", aten(m, "add").getAttributeList().stream()
                .filter(a -> a.getName().equals("overload_name")).findFirst().orElseThrow().getS().toStringUtf8());
        assertEquals(Map.of("operator", str, "overload_name", str, "normalized_shape", ints, "eps", f, "cudnn_enable", i),
                attributeTypes(aten(m, "layer_norm")));
        assertEquals(Map.of("operator", str, "overload_name", str, "tensors", i, "dim", i), attributeTypes(aten(m, "cat")));

        NodeProto ln = aten(m, "layer_norm");
        assertEquals(3, ln.getInputCount());
        assertEquals("", ln.getInput(1), "weight None before a present bias is the empty name");
        assertEquals("bias", ln.getInput(2));
        assertEquals(List.of("input0", "weight"), aten(m, "conv2d").getInputList(), "bias None at the end is left out");
    }

    @Test
    void exportFacadeSelectsTheModeAndWritesTheFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("aten.onnx");
        OnnxExport.export(model(), new Tensor[] {ramp(1, 1, 4, 4)}, f,
                ExportOptions.builder().operatorExportType(OperatorExportType.ONNX_ATEN).opsetVersion(17).build());
        ModelProto m = ModelProto.parseFrom(Files.readAllBytes(f));
        assertEquals(Map.of("", 17L, AtenExportMode.DOMAIN, 1L), opsets(m));
        assertEquals(4, m.getGraph().getNodeCount());
        assertEquals(2, m.getGraph().getInitializerCount());
    }
}

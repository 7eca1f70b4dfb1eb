package dev.onnxport.fallthrough;

import static dev.onnxport.fallthrough.UserOps.call;
import static dev.onnxport.fallthrough.UserOps.range;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onnxport.export.ExportOptions;
import dev.onnxport.export.OnnxExport;
import dev.onnxport.spi.OperatorExportType;
import dev.onnxport.ir.Graph;
import dev.onnxport.ir.Node;
import dev.onnxport.nn.Module;
import dev.onnxport.onnx.proto.AttributeProto;
import dev.onnxport.onnx.proto.ModelProto;
import dev.onnxport.onnx.proto.NodeProto;
import dev.onnxport.onnx.proto.OperatorSetIdProto;
import dev.onnxport.ops.Kernel;
import dev.onnxport.ops.OpRegistry;
import dev.onnxport.ops.ShapeRule;
import dev.onnxport.ops.aten.AtenOps;
import dev.onnxport.spi.CustomSymbolics;
import dev.onnxport.spi.LoweringContext;
import dev.onnxport.tensor.SymInt;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.testing.OfficialChecker;
import dev.onnxport.trace.TraceOptions;
import dev.onnxport.trace.Tracer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ONNX where a symbolic function converts the op; otherwise the op as traced, in the domain of its namespace. */
class FallthroughExportModeTest {
    /** aten ops no symbolic function knows (test only): one without overload, one with. */
    private static synchronized void registerTestOps() {
        UserOps.register();
        OpRegistry r = AtenOps.registry();
        if (r.contains("aten::onnxport_ft_scale")) return;
        r.register("aten::onnxport_ft_scale(Tensor self, float alpha, int[] dims) -> Tensor",
                Kernel.single(a -> call("aten::mul.Scalar", a.tensor(0), a.real(1))), ShapeRule.single(a -> a.tensor(0).toMeta()));
        r.register("aten::onnxport_ft_shift.Tensor(Tensor self, Tensor other, *, int times=1) -> Tensor",
                Kernel.single(a -> call("aten::add.Tensor", a.tensor(0), a.tensor(1))), ShapeRule.single(a -> a.tensor(0).toMeta()));
        r.register("aten::onnxport_ft_view(Tensor self, SymInt[] size) -> Tensor",
                Kernel.single(a -> a.tensor(0)), ShapeRule.single(a -> a.tensor(0).toMeta()));
    }

    private static Graph trace(Function<Tensor[], Object> forward) {
        registerTestOps();
        return Tracer.trace(new Module() {}, TraceOptions.defaults(), forward, range(6, 2, 3));
    }

    private static void lower(Graph g) {
        new FallthroughExportMode().lower(g, new LoweringContext(17, Map.of(), false, new CustomSymbolics()));
    }

    private static List<String> kinds(Graph g) { return g.nodes().stream().map(Node::kind).toList(); }

    private static Node only(Graph g, String kind) {
        List<Node> ns = g.nodes().stream().filter(n -> n.kind().equals(kind)).toList();
        assertEquals(1, ns.size(), kind + " in " + kinds(g));
        return ns.get(0);
    }

    @Test
    void atenOpWithoutSymbolicKeepsItsNameInTheAtenDomain() {
        Graph g = trace(in -> call("aten::onnxport_ft_scale", call("aten::relu", in[0]), 2.0, new long[] {1}));
        lower(g);
        assertEquals(List.of("onnx::Relu", "org.pytorch.aten::onnxport_ft_scale"), kinds(g));
        Node kept = only(g, "org.pytorch.aten::onnxport_ft_scale");
        assertEquals(2.0, kept.attr("alpha"));
        assertEquals("[1]", java.util.Arrays.toString((long[]) kept.attr("dims")));
        assertEquals(2, kept.attributes().size(), "no operator and no empty overload_name: " + kept.attributes());
        assertEquals(only(g, "onnx::Relu").output(), kept.input(0));
    }

    @Test
    void theOverloadIsAnAttribute() {
        Graph g = trace(in -> call("aten::onnxport_ft_shift.Tensor", in[0], in[0]));
        lower(g);
        Node kept = only(g, "org.pytorch.aten::onnxport_ft_shift");
        assertEquals(Map.of("overload_name", "Tensor", "times", 1L), new TreeMap<>(kept.attributes()));
        assertEquals(2, kept.inputs().size());
    }

    @Test
    void aUserNamespaceStaysItsDomain() {
        Graph g = trace(in -> UserOps.scaledTanh(in[0], 0.5));
        lower(g);
        assertEquals(List.of("mydomain::scaled_tanh"), kinds(g));
        assertEquals(Map.of("alpha", 0.5), only(g, "mydomain::scaled_tanh").attributes());
    }

    /** A size list computed while the model runs is an input, as in ONNX_ATEN's layout, built of ONNX ops. */
    @Test
    void aSizeComputedAtRunTimeIsAnInput() {
        Graph g = trace(in -> {
            SymInt rows = in[0].symSize(0);
            return call("aten::onnxport_ft_view", in[0], new Object[] {rows, 3L});
        });
        g.inputs().get(0).setType(g.inputs().get(0).type().withSymbol(0, "batch"));
        lower(g);
        Node kept = only(g, "org.pytorch.aten::onnxport_ft_view");
        assertEquals(Map.of(), kept.attributes(), "size is not an attribute");
        assertEquals(2, kept.inputs().size());
        assertEquals(g.inputs().get(0), kept.input(0));
        assertEquals("Long(2)", kept.input(1).type().toString());
        Node concat = kept.input(1).producer();
        assertEquals("onnx::Concat", concat.kind());
        // opset 17: aten::size.int is Shape(start=0, end=1), already of shape [1]; then the constant [3]
        Node shape = concat.input(0).producer();
        assertEquals("onnx::Shape", shape.kind());
        assertEquals(g.inputs().get(0), shape.input(0));
        assertEquals(List.of(0L, 1L), List.of(shape.attr("start"), shape.attr("end")));
        assertEquals("[3]", java.util.Arrays.toString(((Tensor) concat.input(1).producer().attr("value")).toLongArray()));
    }

    /** Through the facade: the model imports every kept domain, at the custom_opsets version when given. */
    @Test
    void opsetImportForEveryKeptDomain(@TempDir Path dir) throws Exception {
        registerTestOps();
        Module m = new Module() {
            @Override public Object invoke(Tensor... in) {
                return call("aten::onnxport_ft_scale", UserOps.scaledTanh(in[0], 0.5), 3.0, new long[0]);
            }
        };
        Path f = dir.resolve("fallthrough.onnx");
        OnnxExport.export(m, new Tensor[] {range(6, 2, 3)}, f, ExportOptions.builder().opsetVersion(17)
                .operatorExportType(OperatorExportType.ONNX_FALLTHROUGH).customOpset("mydomain", 3).build());
        ModelProto model = ModelProto.parseFrom(Files.readAllBytes(f));
        Map<String, Long> imports = model.getOpsetImportList().stream()
                .collect(Collectors.toMap(OperatorSetIdProto::getDomain, OperatorSetIdProto::getVersion));
        assertEquals(Map.of("", 17L, "mydomain", 3L, "org.pytorch.aten", 1L), imports);
        List<NodeProto> nodes = model.getGraph().getNodeList();
        assertEquals(List.of("mydomain:scaled_tanh", "org.pytorch.aten:onnxport_ft_scale"),
                nodes.stream().map(n -> n.getDomain() + ":" + n.getOpType()).toList());
        AttributeProto alpha = nodes.get(0).getAttribute(0);
        assertEquals("alpha", alpha.getName());
        assertEquals(AttributeProto.AttributeType.FLOAT, alpha.getType());
        assertFalse(nodes.get(1).getAttributeList().stream().anyMatch(a -> a.getName().equals("operator")));
        // custom-domain nodes have no schema; the official checker (full check, custom domains unchecked) accepts them
        assertNull(OfficialChecker.checkFile(f));
    }
}

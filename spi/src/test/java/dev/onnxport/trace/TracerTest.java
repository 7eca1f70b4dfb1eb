package dev.onnxport.trace;

import static dev.onnxport.trace.TestOps.ADD;
import static dev.onnxport.trace.TestOps.MATMUL;
import static dev.onnxport.trace.TestOps.RELU;
import static dev.onnxport.trace.TestOps.SCALE;
import static dev.onnxport.trace.TestOps.T;
import static dev.onnxport.trace.TestOps.VIEW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onnxport.ir.Graph;
import dev.onnxport.ir.GraphPrinter;
import dev.onnxport.ir.GraphVerifier;
import dev.onnxport.ir.Node;
import dev.onnxport.ir.Type;
import dev.onnxport.ir.Value;
import dev.onnxport.ir.passes.ConstantFolding;
import dev.onnxport.nn.Module;
import dev.onnxport.nn.Parameter;
import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.SymInt;
import dev.onnxport.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TracerTest {
    /** Source line of each labelled op call in the models below (one call per line, labelled on that line). */
    static final Map<String, Integer> LINES = new ConcurrentHashMap<>();

    static void mark(String label) {
        LINES.put(label, StackWalker.getInstance().walk(s -> s.skip(1).findFirst()).orElseThrow().getLineNumber());
    }

    /** y = x @ t(W) + b */
    static final class Fc extends Module {
        final Parameter weight, bias;

        Fc(long in, long out, long seed) {
            weight = registerParameter("weight", TestOps.random(seed, out, in));
            bias = registerParameter("bias", TestOps.random(seed + 1, out));
        }

        Tensor forward(Tensor x) {
            return scoped(() -> {
                Tensor wt = T.call1(weight.get()); mark("t");
                Tensor y = MATMUL.call1(x, wt); mark("matmul");
                return ADD.call1(y, bias.get());
            });
        }
    }

    static final class Layer extends Module {
        final Fc fc;

        Layer(long in, long out, long seed) { fc = registerModule("fc", new Fc(in, out, seed)); }

        Tensor forward(Tensor x) {
            return scoped(() -> {
                Tensor h = fc.forward(x);
                return RELU.call1(h); // line marked by the test through "relu"
            });
        }
    }

    static final class Seq extends Module {
        final List<Layer> layers = new ArrayList<>();

        Seq(Layer... ls) { for (int i = 0; i < ls.length; i++) layers.add(registerModule(Integer.toString(i), ls[i])); }

        Tensor forward(Tensor x) {
            return scoped(() -> {
                Tensor h = x;
                for (Layer l : layers) h = l.forward(h);
                return h;
            });
        }
    }

    /** Two layers under "block", then a root-level scale by a float constant. */
    static final class Net extends Module {
        final Seq block;

        Net(long seed) { block = registerModule("block", new Seq(new Layer(4, 3, seed), new Layer(3, 2, seed + 10))); }

        @Override public Object invoke(Tensor... in) {
            Tensor h = block.forward(in[0]);
            Tensor y = SCALE.call1(h, 0.5); mark("scale");
            return y;
        }
    }

    /** Flattens with sizes read through symSize: view(x, [B, C * H]). */
    static final class Flatten extends Module {
        @Override public Object invoke(Tensor... in) {
            Tensor x = in[0];
            SymInt b = x.symSize(0);
            SymInt rest = x.symSize(1).mul(x.symSize(2));
            return VIEW.call1(x, new Object[] {b, rest});
        }
    }

    static Tensor input(long seed, long... shape) { return TestOps.random(seed, shape); }

    private static List<Node> ops(Graph g, String kind) { return g.nodes().stream().filter(n -> n.kind().equals(kind)).toList(); }

    @Test
    void parametersBecomeInitializersNamedByStateDictNames() {
        Net net = new Net(1);
        Graph g = Tracer.trace(net, input(7, 2, 4));
        GraphVerifier.verify(g);
        assertEquals(List.of("block.0.fc.weight", "block.0.fc.bias", "block.1.fc.weight", "block.1.fc.bias"),
                List.copyOf(g.initializers().keySet()));
        for (Map.Entry<String, Value> e : g.initializers().entrySet()) {
            assertSame(net.stateDict().get(e.getKey()), e.getValue().data(), e.getKey() + " holds the parameter itself");
        }
        Node firstT = ops(g, "test::t").get(0);
        assertSame(g.initializers().get("block.0.fc.weight"), firstT.input(0));
        assertEquals(List.of("input0"), g.inputs().stream().map(Value::name).toList());
    }

    @Test
    void nonTensorArgumentsBecomeConstants() {
        Graph g = Tracer.trace(new Net(1), input(7, 2, 4));
        Node scale = ops(g, "test::scale").get(0);
        Node c = scale.input(1).producer();
        assertTrue(c.isConstant());
        assertEquals(0.5, c.constantValue());
        assertEquals(Type.FLOAT, scale.input(1).type());
    }

    @Test
    void nodesCarryModuleScopeAndSourceLine() {
        Graph g = Tracer.trace(new Net(1), input(7, 2, 4));
        List<Node> ts = ops(g, "test::t");
        assertEquals(List.of("block.0.fc", "block.1.fc"), ts.stream().map(n -> n.scope().name()).toList());
        assertEquals("Fc", ts.get(0).scope().moduleClass());
        for (Node n : ts) {
            assertEquals("TracerTest.java", n.source().file());
            assertEquals(LINES.get("t"), n.source().line(), n.toString());
        }
        for (Node n : ops(g, "test::matmul")) assertEquals(LINES.get("matmul"), n.source().line(), n.toString());
        List<Node> relus = ops(g, "test::relu");
        assertEquals(List.of("block.0", "block.1"), relus.stream().map(n -> n.scope().name()).toList());
        assertEquals("Layer", relus.get(0).scope().moduleClass());
        Node scale = ops(g, "test::scale").get(0);
        assertEquals("", scale.scope().name());
        assertEquals("Net", scale.scope().moduleClass());
        assertEquals(LINES.get("scale"), scale.source().line());
        assertTrue(GraphPrinter.print(g).contains("= test::scale(%7, %8)  # (Net), TracerTest.java:" + LINES.get("scale")),
                GraphPrinter.print(g));
    }

    @Test
    void symSizeRecordsSizeAndIntArithmeticFeedingTheView() {
        Graph g = Tracer.trace(new Flatten(), input(3, 2, 3, 4));
        GraphVerifier.verify(g);
        Value x = g.inputs().get(0);
        List<Node> sizes = ops(g, "aten::size");
        assertEquals(3, sizes.size());
        for (int d = 0; d < 3; d++) {
            Node s = sizes.get(d);
            assertEquals("int", s.overload());
            assertSame(x, s.input(0));
            assertEquals((long) d, s.input(1).producer().constantValue());
            assertEquals(Type.INT, s.output().type());
        }
        Node mul = ops(g, "aten::mul").get(0);
        assertEquals("int", mul.overload());
        assertSame(sizes.get(1).output(), mul.input(0));
        assertSame(sizes.get(2).output(), mul.input(1));
        Node list = ops(g, Node.LIST_CONSTRUCT).get(0);
        assertEquals(List.of(sizes.get(0).output(), mul.output()), list.inputs());
        assertEquals(Type.INT_LIST, list.output().type());
        Node view = ops(g, "test::view").get(0);
        assertSame(x, view.input(0));
        assertSame(list.output(), view.input(1));
        assertSame(view.output(), g.outputs().get(0));
        assertEquals(Type.tensor(DType.FLOAT32, new long[] {2, 12}), view.output().type());
    }

    @Test
    void symSizeOutsideTracingIsPlain() {
        SymInt s = input(1, 5, 2).symSize(0).mul(3);
        assertFalse(s.isSymbolic());
        assertEquals(15, s.value());
    }

    @Test
    void shapeOnlyTracingGivesTheSameGraphWithRealParameters() {
        Net net = new Net(1);
        Tensor x = input(7, 2, 4);
        Graph real = Tracer.trace(net, x);
        Graph meta = Tracer.trace(net, TraceOptions.defaults().withShapeOnly(true), x);
        GraphVerifier.verify(meta);
        assertEquals(GraphPrinter.print(real), GraphPrinter.print(meta));
        for (Value init : meta.initializers().values()) assertFalse(init.data().isMeta(), init.name());
        assertEquals(GraphPrinter.print(Tracer.trace(new Flatten(), input(3, 2, 3, 4))),
                GraphPrinter.print(Tracer.trace(new Flatten(), TraceOptions.defaults().withShapeOnly(true), input(3, 2, 3, 4))));
        // parameter-only computations are still evaluated for real, so they fold
        assertTrue(new ConstantFolding().run(meta));
        assertTrue(meta.initializers().containsKey("block.0.fc.t_0"));
        assertFalse(meta.initializers().get("block.0.fc.t_0").data().isMeta());
    }

    @Test
    void twoThreadsTracingTwoModelsAtOnceBothGetTheirGraphs() throws Exception {
        Net net = new Net(1);
        Flatten flat = new Flatten();
        String wantNet = GraphPrinter.print(Tracer.trace(net, input(7, 2, 4)));
        String wantFlat = GraphPrinter.print(Tracer.trace(flat, input(3, 2, 3, 4)));
        assertNotEquals(wantNet, wantFlat);
        int rounds = 20;
        CyclicBarrier barrier = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<List<String>> a = pool.submit(() -> traceRounds(barrier, rounds, () -> Tracer.trace(net, input(7, 2, 4))));
            Future<List<String>> b = pool.submit(() -> traceRounds(barrier, rounds, () -> Tracer.trace(flat, input(3, 2, 3, 4))));
            List<String> gotNet = a.get(60, TimeUnit.SECONDS), gotFlat = b.get(60, TimeUnit.SECONDS);
            assertEquals(rounds, gotNet.size());
            for (String s : gotNet) assertEquals(wantNet, s);
            for (String s : gotFlat) assertEquals(wantFlat, s);
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<String> traceRounds(CyclicBarrier barrier, int rounds, java.util.function.Supplier<Graph> trace) throws Exception {
        List<String> out = new ArrayList<>();
        try {
            for (int i = 0; i < rounds; i++) {
                barrier.await(30, TimeUnit.SECONDS);
                Graph g = trace.get();
                GraphVerifier.verify(g);
                out.add(GraphPrinter.print(g));
            }
        } catch (Exception | AssertionError e) {
            barrier.reset();  // release the other thread at once
            throw e;
        }
        return out;
    }

    @Test
    void nestedTracingOnOneThreadFailsClearly() {
        Net inner = new Net(2);
        Module outer = new Module() {
            @Override public Object invoke(Tensor... in) { return Tracer.trace(inner, in[0]).outputs().isEmpty() ? in[0] : in[0]; }
        };
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Tracer.trace(outer, input(7, 2, 4)));
        assertTrue(e.getMessage().contains("already tracing"), e.getMessage());
        assertFalse(Tracer.isTracing(), "a failed trace must not leave the thread tracing");
        GraphVerifier.verify(Tracer.trace(inner, input(7, 2, 4)));
    }

    @Test
    void printerIsDeterministicAndFreeOfIdentityHashes() {
        String a = GraphPrinter.print(Tracer.trace(new Net(1), input(7, 2, 4)));
        String b = GraphPrinter.print(Tracer.trace(new Net(1), input(7, 2, 4)));
        assertEquals(a, b);
        assertFalse(Pattern.compile("@[0-9a-f]{3,}").matcher(a).find(), a);
        Graph g = Tracer.trace(new Flatten(), input(3, 2, 3, 4));
        assertEquals(GraphPrinter.print(g), GraphPrinter.print(g));
    }

    @Test
    void theSameTensorGivenTwiceIsTwoInputs() {
        Module twice = new Module() {
            @Override public Object invoke(Tensor... in) { return ADD.call1(in[0], in[1]); }
        };
        Tensor x = input(1, 3);
        Graph g = Tracer.trace(twice, x, x);
        GraphVerifier.verify(g);
        Node add = g.nodes().get(0);
        assertSame(g.inputs().get(0), add.input(0));
        assertSame(g.inputs().get(1), add.input(1));
    }

    @Test
    void parametersCannotBeInputsAndNamesMustNotClash() {
        Net net = new Net(1);
        Tensor w = net.stateDict().get("block.0.fc.weight");
        assertThrows(IllegalArgumentException.class, () -> Tracer.trace(net, TraceOptions.defaults().withShapeOnly(true), w));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tracer.trace(net,
                TraceOptions.defaults().withInputNames(List.of("block.0.fc.bias")), input(7, 2, 4)));
        assertTrue(e.getMessage().contains("'block.0.fc.bias'"), e.getMessage());
        Graph g = Tracer.trace(net, TraceOptions.defaults().withInputNames(List.of("x")).withOutputNames(List.of("y")), input(7, 2, 4));
        assertEquals("y", g.outputs().get(0).name());
        assertNotNull(g.outputs().get(0).producer());
    }
}

package dev.onnxport.ir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.onnxport.nn.F;
import dev.onnxport.nn.Init;
import dev.onnxport.nn.Linear;
import dev.onnxport.nn.Module;
import dev.onnxport.tensor.SymInt;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.trace.Tracer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The eager interpreter over traced graphs, and the graph copy exporters keep before lowering. */
class GraphInterpreterTest {
    static final class Net extends Module {
        final Linear fc = registerModule("fc", new Linear(3, 2));

        @Override public Object invoke(Tensor... in) {
            Tensor h = F.relu(fc.forward(in[0]));
            SymInt n = in[0].symSize(0);
            return F.reshape(h, n.mul(SymInt.of(2)));  // flat, with the batch size kept symbolic
        }
    }

    private static Tensor input(long batch) {
        float[] v = new float[(int) batch * 3];
        for (int i = 0; i < v.length; i++) v[i] = (i % 5) - 2f;
        return Tensor.of(v, batch, 3);
    }

    @Test
    void everyValueIsKeptAndOutputsMatchTheEagerModelAtOtherSizes() {
        Init.manualSeed(1);
        Net net = new Net();
        Graph g = Tracer.trace(net, input(2));
        for (long batch : new long[] {1, 2, 5}) {
            Map<Value, Object> env = GraphInterpreter.run(g, input(batch));
            Tensor want = (Tensor) net.invoke(input(batch));
            assertArrayEquals(want.toDoubleArray(), ((Tensor) env.get(g.outputs().get(0))).toDoubleArray(), 0);
            for (Node n : g.nodes()) for (Value v : n.outputs()) assertEquals(true, env.containsKey(v), n.toString());
        }
    }

    @Test
    void theCopyHasTheSameTextFormAndItsOwnValues() {
        Init.manualSeed(1);
        Graph g = Tracer.trace(new Net(), input(2));
        GraphCopy c = GraphCopy.of(g);
        assertEquals(g.toString(), c.graph().toString());
        Node first = g.nodes().stream().filter(n -> n.kind().equals("aten::linear")).findFirst().orElseThrow();
        Value copied = c.map(first.output());
        assertNotSame(first.output(), copied);
        assertEquals(first.scope(), copied.producer().scope());
        assertEquals(first.source(), copied.producer().source());
        assertSame(g.initializers().get("fc.weight").data(), c.graph().initializers().get("fc.weight").data());
        Tensor x = input(3);
        assertArrayEquals(((Tensor) GraphInterpreter.run(g, x).get(g.outputs().get(0))).toDoubleArray(),
                ((Tensor) GraphInterpreter.run(c.graph(), x).get(c.graph().outputs().get(0))).toDoubleArray(), 0);
    }
}

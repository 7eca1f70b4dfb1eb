package dev.onnxport.onnx.localfunctions;

import dev.onnxport.ir.Graph;
import dev.onnxport.ir.Node;
import dev.onnxport.ir.Scope;
import dev.onnxport.ir.Value;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Copies the nodes of one module call into a function body. Inputs are named after what they are in the
 * caller, relative to the call (parameter {@code h.0.ln_1.weight} of call {@code h.0} becomes
 * {@code ln_1.weight}); scopes are made relative to the call too, so node names and doc strings of a shared
 * body do not name one particular call. Constants read by the call are copied in.
 */
final class BodyBuilder {
    private final Graph body = new Graph("body");
    private final Map<Value, Value> map = new IdentityHashMap<>();
    private final Map<Scope, Scope> scopes = new IdentityHashMap<>();
    private final Set<String> inputNames = new HashSet<>();
    private final Scope call;

    private BodyBuilder(Scope call) { this.call = call; }

    static Graph build(List<Node> region, List<Value> ins, List<Value> outs, Scope call) {
        BodyBuilder b = new BodyBuilder(call);
        for (int k = 0; k < ins.size(); k++) {
            Value v = ins.get(k);
            b.map.put(v, b.body.addInput(b.inputName(v, k), v.type()));
        }
        for (Node n : region) b.copy(n);
        for (Value v : outs) b.body.addOutput(b.map.get(v));
        return b.body;
    }

    private void copy(Node n) {
        for (Value v : n.inputs()) {
            if (v != null && !map.containsKey(v) && FunctionExtraction.isConstant(v)) copy(v.producer());
        }
        Node c = body.body().append(n.kind(), n.op());
        c.setScope(relative(n.scope())).setSource(n.source());
        n.attributes().forEach(c::setAttr);
        for (Value v : n.inputs()) {
            Value m = v == null ? null : map.get(v);
            if (v != null && m == null) throw new IllegalStateException("function body of " + call.name() + " reads " + v + " before it is defined");
            c.addInput(m);
        }
        for (Value o : n.outputs()) map.put(o, c.addOutput(o.type()));
    }

    private String inputName(Value v, int k) {
        String base = v.name();
        if (base == null) base = "input_" + k;
        else if (!call.name().isEmpty() && base.startsWith(call.name() + ".")) base = base.substring(call.name().length() + 1);
        String name = base;
        for (int i = 1; !inputNames.add(name); i++) name = base + "_" + i;
        return name;
    }

    /** The scope relative to the call: the call itself becomes the root. */
    private Scope relative(Scope s) {
        if (s == null || s == call || s.isRoot()) return Scope.ROOT;
        Scope r = scopes.get(s);
        if (r == null) {
            String name = s.name().startsWith(call.name() + ".") ? s.name().substring(call.name().length() + 1) : s.name();
            r = new Scope(relative(s.parent()), name, s.moduleClass());
            scopes.put(s, r);
        }
        return r;
    }
}

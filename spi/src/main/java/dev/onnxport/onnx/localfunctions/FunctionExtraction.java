package dev.onnxport.onnx.localfunctions;

import dev.onnxport.errors.OnnxExporterError;
import dev.onnxport.ir.Graph;
import dev.onnxport.ir.Node;
import dev.onnxport.ir.Scope;
import dev.onnxport.ir.Value;
import dev.onnxport.nn.Module;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns module calls of a lowered (ONNX-dialect) graph into calls of model-local functions, like torch's
 * {@code export_modules_as_functions}. A call is one {@link Scope} object (each call of a module has its own):
 * every body node whose scope chain contains it belongs to the call. The call's nodes are replaced by one node
 * of kind {@code <package of the module class>::<simple class name>}, whose inputs are the values the call
 * reads from outside (graph inputs, earlier results, and the parameters it reads: parameters are passed as
 * function inputs, as torch does) and whose outputs are the values used after it.
 *
 * <p>Rules:
 * <ul>
 * <li>Nested matching modules: innermost first, so an outer function's body calls the inner functions
 *     (as torch nests them).</li>
 * <li>Calls of one class share a function only when their bodies are identical ({@link BodySignature}); each
 *     other body becomes another function named {@code Class_1}, {@code Class_2}, ... in order of first call.
 *     (The proto's {@code overload} field would need IR version 10, i.e. opset 21.)</li>
 * <li>Constant nodes are never moved: a body that reads a constant gets its own copy, so bodies do not depend
 *     on which call the lowering happened to create a shared constant in.</li>
 * <li>Attributes: those of {@link FunctionAttributes}, values on each call node.</li>
 * <li>The root module never becomes a function, nor does a module that is not a named submodule of the model
 *     (its class cannot be known from the scope), nor a call whose nodes hold a subgraph reading values from
 *     outside it, nor a call whose nodes interleave with nodes of the caller that use its results (these stay
 *     inline, with a warning).</li>
 * </ul>
 */
public final class FunctionExtraction {
    private static final Logger LOG = LoggerFactory.getLogger(FunctionExtraction.class);
    static final String CONSTANT = "onnx::Constant";

    private final Graph graph;
    private final Map<String, Module> modules;
    private final Predicate<Module> select;
    private final List<LocalFunction> functions = new ArrayList<>();
    /** domain::class -> the distinct bodies seen, by signature, in order. */
    private final Map<String, LinkedHashMap<String, LocalFunction>> variants = new HashMap<>();
    private final Set<String> takenNames = new HashSet<>();

    private FunctionExtraction(Graph graph, Module model, Predicate<Module> select) {
        this.graph = graph;
        this.modules = model.namedModules();
        this.select = select;
    }

    /**
     * Extracts, in place, every call of a module of {@code model} that {@code select} accepts; returns the
     * functions, each after the functions it calls.
     */
    public static List<LocalFunction> run(Graph graph, Module model, Predicate<Module> select) {
        return new FunctionExtraction(graph, model, select).extract();
    }

    private List<LocalFunction> extract() {
        for (Scope call : matchingCalls()) extractCall(call, modules.get(call.name()));
        removeDeadConstants();
        return Collections.unmodifiableList(functions);
    }

    /** Matching calls, deepest first; calls at one depth in graph order. */
    private List<Scope> matchingCalls() {
        Set<Scope> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Scope> calls = new ArrayList<>();
        for (Node n : graph.nodes()) {
            for (Scope s = n.scope(); s != null && !s.isRoot(); s = s.parent()) {
                if (!seen.add(s)) continue;
                if (s.parent().isRoot()) continue;   // the root module's own call
                Module m = modules.get(s.name());
                if (m == null || !m.getClass().getSimpleName().equals(s.moduleClass())) {
                    LOG.debug("module call {} ({}) is not a named submodule; it stays inline", s.name(), s.moduleClass());
                    continue;
                }
                if (select.test(m)) calls.add(s);
            }
        }
        calls.sort(Comparator.comparingInt(Scope::depth).reversed());
        return calls;
    }

    private void extractCall(Scope call, Module module) {
        List<Node> nodes = graph.nodes();
        List<Node> region = new ArrayList<>();
        int last = -1;
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            if (!n.kind().equals(CONSTANT) && within(n.scope(), call)) {
                region.add(n);
                last = i;
            }
        }
        if (region.isEmpty()) return;
        for (Node n : region) {
            if (Subgraphs.capturesOuterValues(n)) {
                LOG.warn("module call {} stays inline: {} has a subgraph reading values from outside it", call.name(), n);
                return;
            }
        }
        Set<Node> inRegion = identitySet();
        inRegion.addAll(region);
        Set<Value> produced = identitySet();
        for (Node n : region) produced.addAll(n.outputs());

        List<Value> ins = new ArrayList<>();
        Set<Value> seenIn = identitySet();
        for (Node n : region) {
            for (Value v : n.inputs()) {
                if (v != null && !produced.contains(v) && !isConstant(v) && seenIn.add(v)) ins.add(v);
            }
        }
        Set<Value> usedOutside = identitySet();
        usedOutside.addAll(graph.outputs());
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            if (inRegion.contains(n)) continue;
            for (Value v : Subgraphs.reads(n)) {
                if (produced.contains(v)) {
                    if (i < last) {
                        LOG.warn("module call {} stays inline: {} uses its results before the call ends", call.name(), n);
                        return;
                    }
                    usedOutside.add(v);
                }
            }
        }
        List<Value> outs = new ArrayList<>();
        for (Node n : region) for (Value v : n.outputs()) if (usedOutside.contains(v)) outs.add(v);
        if (outs.isEmpty()) return;   // nothing of the call is used: the cleanup removes it

        Graph body = BodyBuilder.build(region, ins, outs, call);
        LocalFunction fn = functionFor(module, body);
        Node c = graph.body().insertBefore(nodes.get(last), fn.callKind(), null);
        c.setScope(call).setSource(region.get(0).source());
        for (Value v : ins) c.addInput(v);
        if (module instanceof FunctionAttributes fa) {
            fa.functionAttributes().forEach((k, v) -> c.setAttr(k, checkedAttribute(module, k, v)));
        }
        for (Value old : outs) {
            Value nv = c.addOutput(old.type());
            if (old.name() != null) nv.setName(old.name());
            graph.replaceAllUses(old, nv);
        }
        graph.body().removeIf(inRegion::contains);
    }

    /** The function for this body: an earlier one of the same class with the same body, or a new one. */
    private LocalFunction functionFor(Module module, Graph body) {
        Class<?> cls = module.getClass();
        String domain = cls.getPackageName().isEmpty() ? "local" : cls.getPackageName();
        String key = domain + "::" + cls.getName();
        LinkedHashMap<String, LocalFunction> seen = variants.computeIfAbsent(key, k -> new LinkedHashMap<>());
        String signature = BodySignature.of(body);
        LocalFunction fn = seen.get(signature);
        if (fn != null) return fn;
        String base = cls.getSimpleName().isEmpty() ? "Module" : cls.getSimpleName();
        String name = seen.isEmpty() ? base : base + "_" + seen.size();
        for (int k = seen.size() + 1; !takenNames.add(domain + "::" + name); k++) name = base + "_" + k;
        List<String> attrs = module instanceof FunctionAttributes fa ? List.copyOf(fa.functionAttributes().keySet()) : List.of();
        fn = new LocalFunction(domain, name, body, attrs, cls.getName());
        seen.put(signature, fn);
        functions.add(fn);
        return fn;
    }

    /** Constants whose readers all moved into function bodies. */
    private void removeDeadConstants() {
        Set<Value> used = identitySet();
        used.addAll(graph.outputs());
        for (Node n : graph.nodes()) used.addAll(Subgraphs.reads(n));
        graph.body().removeIf(n -> n.kind().equals(CONSTANT) && n.outputs().stream().noneMatch(used::contains));
    }

    /** True when {@code call} is on the scope chain of {@code s} (compared by identity: one object per call). */
    static boolean within(Scope s, Scope call) {
        for (; s != null; s = s.parent()) if (s == call) return true;
        return false;
    }

    static boolean isConstant(Value v) { return v.producer() != null && v.producer().kind().equals(CONSTANT); }

    static <T> Set<T> identitySet() { return Collections.newSetFromMap(new IdentityHashMap<>()); }

    private static Object checkedAttribute(Module m, String name, Object v) {
        if (v instanceof Long || v instanceof Integer || v instanceof Double || v instanceof Float || v instanceof Boolean
                || v instanceof String || v instanceof long[] || v instanceof double[] || v instanceof String[]) {
            return v;
        }
        throw new OnnxExporterError("function attribute '" + name + "' of " + m.getClass().getName() + " is "
                + (v == null ? "null" : "a " + v.getClass().getSimpleName())
                + "; give a Long, Integer, Double, Float, Boolean, String, long[], double[] or String[]");
    }
}

package io.jkeras.optimizers;

import io.jkeras.autodiff.Variable;
import io.jkeras.constraints.Constraint;
import io.jkeras.layers.Layer;
import io.jkeras.optimizers.schedules.LearningRateSchedule;
import io.jkeras.tensor.DType;
import io.jkeras.tensor.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The base of every optimizer (Keras 3's {@code BaseOptimizer}): it turns gradients into in-place
 * variable updates.
 *
 * <pre>{@code
 * Optimizer opt = new Adam(1e-3).clipnorm(1.0);
 * List<Tensor> grads = tape.gradient(loss, model.trainableWeights());
 * opt.apply(grads, model.trainableWeights());
 * }</pre>
 *
 * <p>{@link #apply(List, List)} follows Keras 3's pipeline, step by step:
 * <ol>
 *   <li>on the first call, build the optimizer on the given variables: the per-variable slots
 *       (moments, accumulators, ...) are created in variable order, and later calls must pass
 *       the same variables (matched by identity);</li>
 *   <li>drop the variables whose gradient is {@code null} (logged once per variable);</li>
 *   <li>divide the gradients by {@code loss_scale_factor}, if set;</li>
 *   <li>with {@code gradient_accumulation_steps = n}: add them to the accumulators and stop here,
 *       except on every {@code n}-th step, which goes on with the mean of the accumulated gradients;</li>
 *   <li>clip them: {@code clipnorm} (each gradient to that L2 norm), or {@code global_clipnorm}
 *       (all gradients together), or {@code clipvalue} (each element to {@code [-v, v]}); at most
 *       one of the three may be set, as in Keras 3;</li>
 *   <li>decoupled weight decay, if {@code weight_decay} is set: {@code w -= w * wd * lr}, for every
 *       variable not excluded with {@link AbstractOptimizer#excludeFromWeightDecay(String...)};</li>
 *   <li>the update rule of the subclass;</li>
 *   <li>with {@code use_ema}: update the moving averages of the weights (and copy them into the
 *       weights every {@code ema_overwrite_frequency} updates);</li>
 *   <li>the variable's {@link Variable#constraint() constraint}, if any;</li>
 *   <li>{@code iterations += 1}.</li>
 * </ol>
 *
 * <p>The learning rate is a constant, held like Keras in a float32 variable (so {@code 0.01} is
 * used and saved as {@code 0.009999999776482582}), or a {@link LearningRateSchedule} evaluated at
 * the number of steps taken so far.
 *
 * <p><b>Speed.</b> Updates are fused loops over the primitive arrays that back the variable, the
 * gradient and the slots, writing into the variable's storage in place; a step allocates nothing
 * beyond what a constraint returns (clipping, casting and loss scaling reuse one scratch buffer
 * per variable).
 *
 * <p><b>State.</b> {@link #variables()} lists the optimizer's own variables in Keras 3's order,
 * which is the order of {@code optimizer/vars/<i>} in a {@code .keras} file: the iteration
 * counter, the learning rate (when it is a constant), the EMA averages and gradient accumulators
 * (when enabled), then the subclass's slots in creation order.
 *
 * <p>Also as in Keras: {@code gradient_accumulation_steps = n} sums the (unscaled) gradients and
 * updates every {@code n}-th step with their mean, {@link #iterations()} then counting updates;
 * {@code use_ema} keeps moving averages of the weights after each step, copies them into the
 * weights every {@code ema_overwrite_frequency} steps, and {@link #finalizeVariableValues()} copies
 * them at the end of training.
 *
 * <p>To write an optimizer, extend {@link AbstractOptimizer}: create slots in
 * {@link #buildSlots(List)} and implement the two {@code update} kernels.
 */
public abstract class Optimizer {
    private static final System.Logger LOG = System.getLogger(Optimizer.class.getName());

    private String name;
    private final Variable iterationVar;
    private Variable learningRateVar;
    private LearningRateSchedule schedule;

    Double weightDecay;
    Double clipnorm;
    Double clipvalue;
    Double globalClipnorm;
    Double lossScaleFactor;
    boolean useEma;
    double emaMomentum = 0.99;
    Integer emaOverwriteFrequency;
    Integer gradientAccumulationSteps;

    private Set<Variable> excludedVariables = Collections.newSetFromMap(new IdentityHashMap<>());
    private Pattern excludedNames;

    // ---- built state
    private boolean built;
    private List<Variable> trainable = List.of();
    private final IdentityHashMap<Variable, Integer> indexOf = new IdentityHashMap<>();
    private final List<Variable> ownVariables = new ArrayList<>();
    private Slots averages;                   // use_ema: moving averages of the model variables
    private Slots accumulators;               // gradient_accumulation_steps: summed gradients
    private boolean[] decays;                 // per variable: not excluded from weight decay; null = recompute
    private Object[] scratch;                 // per variable: reusable gradient buffer (float[] or double[])
    private final Set<Variable> warnedMissing = Collections.newSetFromMap(new IdentityHashMap<>());
    // ---- per-step work arrays, sized at build and reused
    private int[] stepIndex;
    private Object[] stepGrad;

    /** A new optimizer with a constant learning rate. */
    protected Optimizer(double learningRate) {
        iterationVar = new Variable("iteration", Tensor.of(new long[] {0}), false);
        learningRateVar = new Variable("learning_rate", Tensor.scalar(checkLearningRate(learningRate)), false);
    }

    private static float checkLearningRate(double lr) {
        if (!Double.isFinite(lr) || lr < 0) throw new IllegalArgumentException(
                "Argument `learning_rate` must be a finite number >= 0 or a LearningRateSchedule. Received: learning_rate=" + lr);
        return (float) lr;
    }

    // ================================================================ identity and config

    /** The Keras class name, e.g. {@code "Adam"}. */
    public String className() { return getClass().getSimpleName(); }

    /**
     * The optimizer's name, which prefixes the paths of its variables: by default the snake_case
     * class name made unique ({@code adam}, {@code adam_1}, ...; {@code RMSprop} gives {@code rm_sprop}).
     */
    public String name() {
        if (name == null) name = Layer.uniqueName(Layer.toSnakeCase(className()));
        return name;
    }

    void setName(String name) {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("An optimizer name must not be empty");
        if (built) throw new IllegalStateException("Cannot rename optimizer '" + this.name
                + "' after it was built: its variables are already named. Set the name before the first apply().");
        this.name = name;
    }

    /**
     * Keras 3's config: the base keys ({@code name, learning_rate, weight_decay, clipnorm,
     * global_clipnorm, clipvalue, use_ema, ema_momentum, ema_overwrite_frequency,
     * loss_scale_factor, gradient_accumulation_steps}) then the subclass's hyperparameters, in
     * Keras's order. Absent options are {@code null} (Keras's {@code None}). A schedule is written
     * as a nested {@code {module, class_name, config, registered_name}} map.
     */
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name());
        c.put("learning_rate", schedule == null ? (Object) learningRate() : serializeSchedule(schedule));
        c.put("weight_decay", weightDecay);
        c.put("clipnorm", clipnorm);
        c.put("global_clipnorm", globalClipnorm);
        c.put("clipvalue", clipvalue);
        c.put("use_ema", useEma);
        c.put("ema_momentum", emaMomentum);
        c.put("ema_overwrite_frequency", emaOverwriteFrequency);
        c.put("loss_scale_factor", lossScaleFactor);
        c.put("gradient_accumulation_steps", gradientAccumulationSteps);
        addConfig(c);
        return c;
    }

    /** Adds the subclass's hyperparameters to {@link #getConfig()}. */
    protected void addConfig(Map<String, Object> config) {}

    private static Map<String, Object> serializeSchedule(LearningRateSchedule s) {
        if (s.getClass().isSynthetic() || s.getClass().isHidden()) throw new UnsupportedOperationException(
                "This optimizer's learning rate is a lambda schedule, which cannot be serialized. "
                        + "Use a LearningRateSchedule class that implements className() and getConfig().");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("module", "keras.optimizers.schedules");
        m.put("class_name", s.className());
        m.put("config", s.getConfig());
        m.put("registered_name", null);
        return m;
    }

    // ================================================================ learning rate and counters

    /**
     * The learning rate of the next update: the constant (as the float32 value Keras stores), or
     * the schedule evaluated at the number of steps applied so far (counting every step, also
     * under gradient accumulation, as Keras does).
     */
    public double learningRate() {
        if (schedule != null) return (float) schedule.at(rawIterations());
        return ((float[]) learningRateVar.value().array())[0];
    }

    /**
     * Sets a constant learning rate (used by callbacks such as ReduceLROnPlateau).
     *
     * @throws IllegalStateException when the learning rate is a schedule, as in Keras
     */
    public void setLearningRate(double lr) {
        if (schedule != null) throw new IllegalStateException("Optimizer '" + name() + "' was created with a "
                + "LearningRateSchedule (" + schedule.className() + "), so its learning rate cannot be set to a number. "
                + "Create the optimizer with a constant learning rate to make it settable.");
        ((float[]) learningRateVar.value().array())[0] = checkLearningRate(lr);
    }

    void setSchedule(LearningRateSchedule s) {
        Objects.requireNonNull(s, "learning rate schedule");
        schedule = s;
        learningRateVar = null; // Keras untracks the learning-rate variable
    }

    void setConstantLearningRate(double lr) {
        if (schedule != null) {
            schedule = null;
            learningRateVar = new Variable("learning_rate", Tensor.scalar(checkLearningRate(lr)), false);
            learningRateVar.setPath(name() + "/learning_rate");
        } else {
            setLearningRate(lr);
        }
    }

    /** The schedule, when the learning rate is not a constant. */
    public java.util.Optional<LearningRateSchedule> learningRateSchedule() { return java.util.Optional.ofNullable(schedule); }

    /**
     * Number of updates applied so far (Keras's {@code optimizer.iterations}): the number of
     * {@code apply} steps, divided by {@code gradient_accumulation_steps} when that is set.
     */
    public long iterations() {
        long raw = rawIterations();
        return gradientAccumulationSteps == null ? raw : raw / gradientAccumulationSteps;
    }

    /** Number of {@code apply} steps so far, the value of the {@code iteration} variable. */
    private long rawIterations() { return ((long[]) iterationVar.value().array())[0]; }

    /** Whether exponential moving averages of the weights are kept (Keras's {@code use_ema}). */
    public boolean useEma() { return useEma; }
    public double emaMomentum() { return emaMomentum; }
    public java.util.OptionalInt emaOverwriteFrequency() {
        return emaOverwriteFrequency == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(emaOverwriteFrequency);
    }
    public java.util.OptionalInt gradientAccumulationSteps() {
        return gradientAccumulationSteps == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(gradientAccumulationSteps);
    }

    void setEma(boolean use, double momentum, Integer overwriteFrequency) {
        if (built && use != useEma) throw new IllegalStateException("Set `use_ema` of optimizer '" + name() + "' before its first step.");
        // Keras checks these only when use_ema is set
        if (use && (Double.isNaN(momentum) || momentum < 0 || momentum > 1)) throw new IllegalArgumentException(
                "`ema_momentum` must be in the range [0, 1]. Received: ema_momentum=" + momentum);
        if (use && overwriteFrequency != null && overwriteFrequency < 1) throw new IllegalArgumentException(
                "`ema_overwrite_frequency` must be an integer >= 1 or None. Received: ema_overwrite_frequency=" + overwriteFrequency);
        useEma = use;
        emaMomentum = momentum;
        emaOverwriteFrequency = overwriteFrequency;
    }

    void setGradientAccumulationSteps(Integer steps) {
        if (built && !Objects.equals(steps, gradientAccumulationSteps)) throw new IllegalStateException(
                "Set `gradient_accumulation_steps` of optimizer '" + name() + "' before its first step.");
        if (steps != null && steps < 2) throw new IllegalArgumentException(
                "`gradient_accumulation_steps` must be an integer >= 2. Received: gradient_accumulation_steps=" + steps);
        gradientAccumulationSteps = steps;
    }

    /**
     * Keras's {@code finalize_variable_values}: with {@code use_ema}, overwrites the model variables
     * with their moving averages (done at the end of {@code fit}); otherwise nothing.
     */
    public void finalizeVariableValues() {
        if (averages == null) return;
        for (int i = 0; i < trainable.size(); i++) trainable.get(i).assign(averages.variable(i).value());
    }

    /** The step number of the update being applied, from 1 (Keras's {@code iterations + 1}). */
    protected final long localStep() { return iterations() + 1; }

    public OptionalDouble weightDecay() { return opt(weightDecay); }
    public OptionalDouble clipnorm() { return opt(clipnorm); }
    public OptionalDouble clipvalue() { return opt(clipvalue); }
    public OptionalDouble globalClipnorm() { return opt(globalClipnorm); }
    public OptionalDouble lossScaleFactor() { return opt(lossScaleFactor); }

    private static OptionalDouble opt(Double d) { return d == null ? OptionalDouble.empty() : OptionalDouble.of(d); }

    void setClipping(Double clipnorm, Double clipvalue, Double globalClipnorm) {
        int set = (clipnorm != null ? 1 : 0) + (clipvalue != null ? 1 : 0) + (globalClipnorm != null ? 1 : 0);
        if (set > 1) throw new IllegalArgumentException("Only one of `clipnorm`, `clipvalue` and `global_clipnorm` can be set. "
                + "Received: clipnorm=" + none(clipnorm) + ", clipvalue=" + none(clipvalue) + ", global_clipnorm=" + none(globalClipnorm));
        for (Double d : new Double[] {clipnorm, clipvalue, globalClipnorm})
            if (d != null && (Double.isNaN(d) || d < 0)) throw new IllegalArgumentException(
                    "Gradient clipping thresholds must be >= 0. Received: clipnorm=" + none(clipnorm)
                            + ", clipvalue=" + none(clipvalue) + ", global_clipnorm=" + none(globalClipnorm));
        this.clipnorm = clipnorm;
        this.clipvalue = clipvalue;
        this.globalClipnorm = globalClipnorm;
    }

    static String none(Object o) { return o == null ? "None" : o.toString(); }

    // ================================================================ weight decay exclusion

    /**
     * Excludes variables from weight decay (Keras's {@code exclude_from_weight_decay}): those in
     * {@code variables} (by identity) and those whose short name contains a match of one of the
     * regular expressions {@code namePatterns} (e.g. {@code "bias"}). Each call replaces the
     * previous exclusions, as in Keras.
     */
    void setWeightDecayExclusions(List<Variable> variables, List<String> namePatterns) {
        Set<Variable> ex = Collections.newSetFromMap(new IdentityHashMap<>());
        if (variables != null) ex.addAll(variables);
        excludedVariables = ex;
        excludedNames = namePatterns == null || namePatterns.isEmpty() ? null
                : Pattern.compile(String.join("|", new java.util.LinkedHashSet<>(namePatterns)));
        decays = null;
    }

    /** Whether weight decay applies to {@code v} (set and not excluded). */
    public boolean usesWeightDecay(Variable v) { return weightDecay != null && !excludedFromWeightDecay(v); }

    private boolean excludedFromWeightDecay(Variable v) {
        return excludedVariables.contains(v) || (excludedNames != null && excludedNames.matcher(v.name()).find());
    }

    // ================================================================ variables and build

    /** Whether the slots have been created. */
    public boolean built() { return built; }

    /** The variables this optimizer was built on, in build order (empty before the build). */
    public List<Variable> trainableVariables() { return trainable; }

    /**
     * The optimizer's own state, in Keras 3's order (that of {@code optimizer/vars/<i>} in a
     * {@code .keras} file): {@code <name>/iteration} (int64 scalar), {@code <name>/learning_rate}
     * (float32 scalar, only while the learning rate is a constant), then the slots in the order the
     * subclass created them. A slot for model variable {@code v} is named
     * {@code <v.path with '/' replaced by '_'>_<slot>}, e.g. {@code adam/dense_kernel_momentum}.
     * Assigning into these variables (e.g. when loading) changes the optimizer's state.
     */
    public List<Variable> variables() {
        List<Variable> out = new ArrayList<>(2 + ownVariables.size());
        iterationVar.setPath(name() + "/iteration");
        out.add(iterationVar);
        if (learningRateVar != null) {
            learningRateVar.setPath(name() + "/learning_rate");
            out.add(learningRateVar);
        }
        out.addAll(ownVariables);
        return Collections.unmodifiableList(out);
    }

    /**
     * Creates the slots for {@code variables} (done by the first {@link #apply}; call it directly
     * to load saved optimizer state before training). Building twice is a no-op.
     */
    public final void build(List<Variable> variables) {
        if (built) return;
        List<Variable> vars = List.copyOf(variables);
        for (int i = 0; i < vars.size(); i++) {
            Variable v = vars.get(i);
            if (!v.dtype().isFloating()) throw new IllegalArgumentException("Optimizer '" + name()
                    + "' can only update floating-point variables, but variable '" + v.path() + "' has dtype " + v.dtype()
                    + ". Pass only trainable float variables to the optimizer.");
            if (indexOf.put(v, i) != null) throw new IllegalArgumentException("Variable '" + v.path()
                    + "' is passed twice to optimizer '" + name() + "'; each variable must appear once.");
        }
        trainable = vars;
        iterationVar.setPath(name() + "/iteration");
        if (learningRateVar != null) learningRateVar.setPath(name() + "/learning_rate");
        // Keras's BaseOptimizer.build creates these before the subclass's slots
        if (useEma) averages = slots("average");
        if (gradientAccumulationSteps != null) accumulators = slots("gradient_accumulator");
        buildSlots(vars);
        scratch = new Object[vars.size()];
        stepIndex = new int[vars.size()];
        stepGrad = new Object[vars.size()];
        built = true;
    }

    /**
     * Creates the subclass's slots, in Keras's order, with {@link #slots}, {@link #interleavedSlots}
     * or {@link #addVariable}. Called once, by {@link #build}.
     */
    protected abstract void buildSlots(List<Variable> variables);

    /** One slot per model variable, of its shape and dtype, filled with zeros. */
    protected final Slots slots(String slotName) { return interleavedSlots(new String[] {slotName}, new double[] {0})[0]; }

    /** One slot per model variable, of its shape and dtype, filled with {@code initialValue}. */
    protected final Slots slots(String slotName, double initialValue) {
        return interleavedSlots(new String[] {slotName}, new double[] {initialValue})[0];
    }

    /**
     * Several slots per model variable, created variable by variable (for each variable, one slot
     * of each name), which is the order Keras's {@code add_optimizer_variables} uses for a list of
     * names; zeros.
     */
    protected final Slots[] interleavedSlots(String... slotNames) { return interleavedSlots(slotNames, new double[slotNames.length]); }

    /** As {@link #interleavedSlots(String...)}, with an initial value per slot name. */
    protected final Slots[] interleavedSlots(String[] slotNames, double[] initialValues) {
        if (slotNames.length != initialValues.length) throw new IllegalArgumentException("interleavedSlots: "
                + slotNames.length + " names but " + initialValues.length + " initial values");
        if (built) throw new IllegalStateException("Slots can only be created while the optimizer is being built");
        int n = trainable.size();
        Variable[][] made = new Variable[slotNames.length][n];
        for (int i = 0; i < n; i++) {
            Variable ref = trainable.get(i);
            for (int s = 0; s < slotNames.length; s++) {
                String slotName = ref.path().replace('/', '_') + "_" + slotNames[s];
                made[s][i] = addVariable(slotName, Tensor.full(ref.shape(), initialValues[s], ref.dtype()));
            }
        }
        Slots[] out = new Slots[slotNames.length];
        for (int s = 0; s < out.length; s++) out[s] = new Slots(made[s]);
        return out;
    }

    /** Adds a non-trainable optimizer variable (e.g. Nadam's momentum-cache product), path {@code <name>/<varName>}. */
    protected final Variable addVariable(String varName, Tensor initialValue) {
        Variable v = new Variable(varName, initialValue, false);
        v.setPath(name() + "/" + varName);
        ownVariables.add(v);
        return v;
    }

    /**
     * The slot variables for one slot name, indexed like the model variables the optimizer was
     * built on. The {@code floats(i)}/{@code doubles(i)} arrays are the live storage of the slots.
     */
    public static final class Slots {
        private final Variable[] vars;
        private final Object[] arrays;

        Slots(Variable[] vars) {
            this.vars = vars;
            this.arrays = new Object[vars.length];
            for (int i = 0; i < vars.length; i++) arrays[i] = vars[i].value().array();
        }

        public int size() { return vars.length; }
        public Variable variable(int i) { return vars[i]; }
        public float[] floats(int i) { return (float[]) arrays[i]; }
        public double[] doubles(int i) { return (double[]) arrays[i]; }
    }

    // ================================================================ apply

    /**
     * Updates {@code variables} in place from {@code gradients} (same order, same shapes; a
     * {@code null} gradient skips its variable). The first call builds the optimizer on these
     * variables; later calls must pass the same variables. An empty list is a no-op.
     */
    public final void apply(List<Tensor> gradients, List<Variable> variables) {
        Objects.requireNonNull(gradients, "gradients");
        Objects.requireNonNull(variables, "variables");
        if (gradients.isEmpty() && variables.isEmpty()) return;
        if (gradients.size() != variables.size()) throw new IllegalArgumentException("Optimizer '" + name() + "' received "
                + gradients.size() + " gradients for " + variables.size() + " variables; pass one gradient (or null) per variable.");
        if (!built) build(variables);
        for (int k = 0; k < variables.size(); k++) {
            Integer i = indexOf.get(variables.get(k));
            if (i == null) throw new IllegalArgumentException("Unknown variable '" + variables.get(k).path() + "': optimizer '"
                    + name() + "' can only update the variables it was built with (" + trainable.size()
                    + " variables). To train a new set of variables, create a new optimizer.");
            stepIndex[k] = i;
        }
        run(gradients, variables.size());
    }

    /** Updates the variables the optimizer was built on, from one gradient per variable (in build order). */
    public final void apply(List<Tensor> gradients) {
        Objects.requireNonNull(gradients, "gradients");
        if (gradients.isEmpty()) return;
        if (!built) throw new IllegalStateException("Optimizer '" + name() + "' was given gradients without variables "
                + "before it was built. Call apply(gradients, variables) or build(variables) first.");
        if (gradients.size() != trainable.size()) throw new IllegalArgumentException("Optimizer '" + name() + "' received "
                + gradients.size() + " gradients but was built on " + trainable.size() + " variables; pass one gradient per variable.");
        for (int k = 0; k < gradients.size(); k++) stepIndex[k] = k;
        run(gradients, gradients.size());
    }

    private void run(List<Tensor> gradients, int count) {
        boolean clipsPerGradient = (clipnorm != null && clipnorm > 0) || (clipvalue != null && clipvalue > 0);
        boolean globalClip = globalClipnorm != null && globalClipnorm > 0;
        boolean accumulate = gradientAccumulationSteps != null;
        boolean updateStep = !accumulate || (rawIterations() + 1) % gradientAccumulationSteps == 0;
        boolean mustCopy = lossScaleFactor != null || clipsPerGradient || globalClip || accumulate;

        // 1. drop null gradients; bring each gradient into the variable's dtype (a scratch copy when
        //    it must change), unscale, accumulate, clip
        int active = 0;
        List<Variable> missing = null;
        double globalSumSq = 0;
        for (int k = 0; k < count; k++) {
            int i = stepIndex[k];
            Variable v = trainable.get(i);
            Tensor g = gradients.get(k);
            if (g == null) {
                if (warnedMissing.add(v)) {
                    if (missing == null) missing = new ArrayList<>();
                    missing.add(v);
                }
                continue;
            }
            if (!g.shape().equals(v.shape())) throw new IllegalArgumentException("Optimizer '" + name()
                    + "': the gradient for variable '" + v.path() + "' has shape " + g.shape() + ", expected the variable's shape "
                    + v.shape() + ".");
            if (!g.dtype().isFloating()) throw new IllegalArgumentException("Optimizer '" + name()
                    + "': the gradient for variable '" + v.path() + "' has dtype " + g.dtype() + "; gradients must be float32 or float64.");
            stepIndex[active] = i;
            stepGrad[active] = (mustCopy || g.dtype() != v.dtype()) ? copyToScratch(i, g, v.dtype()) : g.array();
            active++;
        }
        if (missing != null) warnMissing(missing);
        if (active == 0) {
            for (int k = 0; k < count; k++) stepGrad[k] = null;
            throw new IllegalArgumentException("Optimizer '" + name() + "': no gradients provided for any variable "
                    + "(all " + count + " gradients are null).");
        }
        for (int k = 0; k < active; k++) {
            Object ga = stepGrad[k];
            if (lossScaleFactor != null) Kernels.divide(ga, lossScaleFactor);
            if (accumulate) {
                Object acc = accumulators.variable(stepIndex[k]).value().array();
                if (updateStep) Kernels.meanWithAccumulatorAndReset(ga, acc, gradientAccumulationSteps); // g = (g + acc) / n; acc = 0
                else { Kernels.addInto(acc, ga); continue; }                                             // acc += g
            }
            if (clipnorm != null && clipnorm > 0) Kernels.clipByNorm(ga, clipnorm);
            else if (globalClip) globalSumSq += Kernels.sumSquares(ga);
            else if (clipvalue != null && clipvalue > 0) Kernels.clipByValue(ga, clipvalue);
        }
        if (globalClip && updateStep) {
            // Keras: scale = clip * min(1/norm, 1/clip) (+ norm - norm, which turns a non-finite norm into NaN)
            double norm = Math.sqrt(globalSumSq);
            double scale = Double.isFinite(norm) ? (norm > globalClipnorm ? globalClipnorm / norm : 1.0) : Double.NaN;
            if (scale != 1.0) for (int k = 0; k < active; k++) Kernels.scale(stepGrad[k], scale);
        }

        // 2. the subclass's shared per-step work (e.g. Nadam's momentum cache), then per variable:
        //    weight decay and the update rule, fused over the primitive arrays
        if (updateStep) {
            double lr = learningRate();
            float lrf = (float) lr;
            beforeUpdates();
            if (decays == null) {
                decays = new boolean[trainable.size()];
                for (int i = 0; i < decays.length; i++) decays[i] = !excludedFromWeightDecay(trainable.get(i));
            }
            for (int k = 0; k < active; k++) {
                int i = stepIndex[k];
                Object w = trainable.get(i).value().array();
                Object g = stepGrad[k];
                if (w instanceof float[] wf) {
                    if (weightDecay != null && decays[i]) Kernels.decay(wf, (float) (double) weightDecay, lrf);
                    update(i, wf, (float[]) g, lrf);
                } else {
                    double[] wd = (double[]) w;
                    if (weightDecay != null && decays[i]) Kernels.decay(wd, weightDecay, lr);
                    update(i, wd, (double[]) g, lr);
                }
            }
        }
        for (int k = 0; k < active; k++) stepGrad[k] = null;

        // 3. moving averages of all the model variables (every step, as Keras does)
        if (averages != null) updateMovingAverages();

        // 4. constraints, on the variables that had a gradient
        for (int k = 0; k < active; k++) {
            Variable v = trainable.get(stepIndex[k]);
            Constraint c = v.constraint();
            if (c != null) v.assign(c.apply(v.value()));
        }

        // 5. count the step
        ((long[]) iterationVar.value().array())[0]++;
    }

    private void updateMovingAverages() {
        long it = iterations();
        double m = it != 0 ? emaMomentum : 0.0;   // the first average is the weight itself
        for (int i = 0; i < trainable.size(); i++) {
            Object w = trainable.get(i).value().array();
            if (w instanceof float[] wf) Kernels.movingAverage(averages.floats(i), wf, (float) m);
            else Kernels.movingAverage(averages.doubles(i), (double[]) w, m);
        }
        if (emaOverwriteFrequency != null && (it + 1) % emaOverwriteFrequency == 0) finalizeVariableValues();
    }

    private void warnMissing(List<Variable> missing) {
        LOG.log(System.Logger.Level.WARNING, () -> "Optimizer '" + name() + "': no gradient exists for variables "
                + missing.stream().map(Variable::path).toList() + "; they are not updated. If you use compile(), check that a loss "
                + "is given and that these variables take part in computing it. (Logged once per variable.)");
    }

    private Object copyToScratch(int i, Tensor g, DType dtype) {
        int n = g.size();
        Object s = scratch[i];
        if (dtype == DType.FLOAT32) {
            float[] f = s instanceof float[] a && a.length == n ? a : new float[n];
            if (g.dtype() == DType.FLOAT32) System.arraycopy(g.floats(), 0, f, 0, n);
            else { double[] d = g.doubles(); for (int j = 0; j < n; j++) f[j] = (float) d[j]; }
            scratch[i] = f;
            return f;
        } else {
            double[] d = s instanceof double[] a && a.length == n ? a : new double[n];
            if (g.dtype() == DType.FLOAT64) System.arraycopy(g.doubles(), 0, d, 0, n);
            else { float[] f = g.floats(); for (int j = 0; j < n; j++) d[j] = f[j]; }
            scratch[i] = d;
            return d;
        }
    }

    /** Work done once per step before the per-variable updates (after clipping); nothing by default. */
    protected void beforeUpdates() {}

    /**
     * The update rule for a float32 variable, in place: {@code w} is the variable's storage,
     * {@code g} its (already clipped) gradient, which must not be written, and {@code lr} the
     * learning rate. {@code index} selects the variable's slots.
     */
    protected abstract void update(int index, float[] w, float[] g, float lr);

    /** The update rule for a float64 variable; see {@link #update(int, float[], float[], float)}. */
    protected abstract void update(int index, double[] w, double[] g, double lr);

    @Override public String toString() {
        return "<" + className() + " name=" + name() + ", learning_rate=" + (schedule == null ? learningRate() : schedule.className())
                + ", iterations=" + iterations() + ">";
    }
}

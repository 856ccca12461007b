package fabric.api.lifecycle;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A Cluster-Aware-Updating pre/post hook: code of an operator or an embedding application that an
 * update run calls around each node's update, such as telling a load balancer to stop sending work
 * to the node, or checking an application's health once the node is back.
 *
 * <p><b>Registering.</b> A whiteboard: register an OSGi service of this interface with the service
 * property {@value #NAME} set to the hook's name (lower case letters, digits and hyphens, such as
 * {@code drain-lb}). A run calls only the hooks its {@link RunSettings} name: {@link
 * RunSettings#preHooks()} with {@link #beforeUpdate}, {@link RunSettings#postHooks()} with {@link
 * #afterUpdate}. When a named hook is not registered when the run reaches it, the run waits ({@code
 * waiting for hook NAME}) until a service with that name registers, as it waits for a missing OEM
 * provider. When several services have the same name, the one with the highest ranking (then the
 * lowest service id) is called.
 *
 * <p><b>When.</b> As Cluster-Aware Updating runs its pre-update script: after the run's pre-check
 * of the node and before anything touches it (before staging, draining and maintenance); the
 * post-update hooks after the node left maintenance and its storage resynchronised, as the last
 * steps of the node. Each hook is one step of the run's plan, in the order the settings name them.
 *
 * <p><b>From which thread.</b> Never from the run's own thread: each call runs on a thread of the
 * fabric named {@code fabric-update-hook-<name>}, while the run waits for it at most {@link
 * RunSettings#hookTimeout()}. A call that returns normally is the step done. A call that throws,
 * or that is still running at the timeout (its thread is then interrupted), fails the step like a
 * failed vendor step: it is tried again up to {@link RunSettings#retriesPerNode()} times, then the
 * node fails. Every call, its outcome and its reason are journaled.
 *
 * <p><b>Idempotence.</b> A hook whose call finished is never called again for that node of that
 * run, even after a crash. A call that was in flight when the fabric crashed (or that failed) is made
 * again; {@link HookContext#key()} is the same for every call of the same step, so a hook that must
 * act at most once can remember the key.
 *
 * <p><b>When the hook's bundle stops mid-call.</b> The call in progress is left to finish or time
 * out; the next step boundary that needs the hook waits for it again.
 */
@ConsumerType
public interface UpdateHook {

    /** The service property naming a hook; required, following {@link fabric.api.core.Names}. */
    String NAME = "fabric.update.hook";

    /**
     * Called before the node is updated (before it is drained and paused).
     *
     * @param context the run, the node and the attempt
     * @throws Exception any exception fails the step, with its message as the reason
     */
    void beforeUpdate(HookContext context) throws Exception;

    /**
     * Called after the node was updated, left maintenance and its storage resynchronised.
     *
     * @param context the run, the node and the attempt
     * @throws Exception any exception fails the step, with its message as the reason
     */
    void afterUpdate(HookContext context) throws Exception;
}

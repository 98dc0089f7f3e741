#ifndef MATCH_CGLPK_SHIM_H
#define MATCH_CGLPK_SHIM_H
/* GLPK 5.0 from Debian's libglpk-dev (no pkg-config file ships with it).
 *
 * Only `static inline` helpers live here (no globals: they fail to link).
 * Imported by Sources/Matcher/GLPK/ alone.
 *
 * Fatal-error guard: glp_error() prints its message through the terminal hook, calls the
 * hook installed with glp_error_hook() and then abort()s. Each match_guarded_* wrapper
 * below installs a hook that longjmp()s back into the wrapper's own frame, so a fatal
 * error that survived the Swift-side validation becomes the return code
 * MATCH_GLPK_FATAL instead of killing the process. GLPK's manual requires
 * glp_free_env() after such an error: the wrapper calls it, which frees EVERY problem
 * object of the calling thread (the environment is thread-local); the Swift side marks
 * them dead. The jump never crosses a Swift frame when the wrapped call itself does not
 * call back into Swift (simplex, interior, writers, setters); for glp_intopt with a
 * Swift callback, the callback only calls GLPK routines with validated arguments.
 */
#include <glpk.h>
#include <setjmp.h>
#include <stddef.h>

#define MATCH_GLPK_FATAL (-1000)

typedef struct match_glpk_guard {
    jmp_buf env;
} match_glpk_guard;

static inline void match_glpk_on_fatal(void *info) {
    longjmp(((match_glpk_guard *)info)->env, 1);
}

/* Runs after a longjmp back from glp_error: uninstall the hook and drop the broken
 * environment of this thread, as GLPK's manual (glp_error_hook) prescribes. */
static inline int match_glpk_recover(void) {
    glp_error_hook(NULL, NULL);
    glp_free_env();
    return MATCH_GLPK_FATAL;
}

#define MATCH_GLPK_GUARDED(call)                         \
    do {                                                 \
        match_glpk_guard guard;                          \
        if (setjmp(guard.env) != 0) {                    \
            return match_glpk_recover();                 \
        }                                                \
        glp_error_hook(match_glpk_on_fatal, &guard);     \
        int result = (call);                             \
        glp_error_hook(NULL, NULL);                      \
        return result;                                   \
    } while (0)

static inline int match_guarded_simplex(glp_prob *P, const glp_smcp *parm) {
    MATCH_GLPK_GUARDED(glp_simplex(P, parm));
}

static inline int match_guarded_interior(glp_prob *P, const glp_iptcp *parm) {
    MATCH_GLPK_GUARDED(glp_interior(P, parm));
}

static inline int match_guarded_intopt(glp_prob *P, const glp_iocp *parm) {
    MATCH_GLPK_GUARDED(glp_intopt(P, parm));
}

static inline int match_guarded_write_lp(glp_prob *P, const char *fname) {
    MATCH_GLPK_GUARDED(glp_write_lp(P, NULL, fname));
}

static inline int match_guarded_write_mps(glp_prob *P, int fmt, const char *fname) {
    MATCH_GLPK_GUARDED(glp_write_mps(P, fmt, NULL, fname));
}

static inline int match_set_obj_coef_call(glp_prob *P, int j, double coef) {
    glp_set_obj_coef(P, j, coef);
    return 0;
}

/* Sets one objective coefficient under the guard. Used by the binding's test hook
 * that provokes a real fatal error (a column index out of range). */
static inline int match_guarded_set_obj_coef(glp_prob *P, int j, double coef) {
    MATCH_GLPK_GUARDED(match_set_obj_coef_call(P, j, coef));
}

#endif

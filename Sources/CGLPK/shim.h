#ifndef MATCH_CGLPK_SHIM_H
#define MATCH_CGLPK_SHIM_H
/* GLPK 5.0 from Debian's libglpk-dev (no pkg-config file ships with it). */
#include <glpk.h>
#endif

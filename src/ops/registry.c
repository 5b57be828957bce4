#include "ops/op_registry.h"

#include <stdlib.h>
#include <string.h>

#define OP_FAMILY(name) extern const op_schema op_family_##name[];
#include "ops/op_families.h"
#undef OP_FAMILY

static const op_schema *const families[] = {
#define OP_FAMILY(name) op_family_##name,
#include "ops/op_families.h"
#undef OP_FAMILY
};
enum { FAMILY_COUNT = sizeof families / sizeof families[0] };

bool op_domain_is_onnx(const char *domain)
{
    return !domain || domain[0] == '\0' || strcmp(domain, "ai.onnx") == 0;
}

static bool same_domain(const char *a, const char *b)
{
    if (op_domain_is_onnx(a) || op_domain_is_onnx(b))
        return op_domain_is_onnx(a) && op_domain_is_onnx(b);
    return strcmp(a, b) == 0;
}

size_t op_registry_count(void)
{
    size_t n = 0;
    for (int f = 0; f < FAMILY_COUNT; f++)
        for (const op_schema *s = families[f]; s->type; s++)
            n++;
    return n;
}

const op_schema *op_registry_at(size_t index)
{
    for (int f = 0; f < FAMILY_COUNT; f++)
        for (const op_schema *s = families[f]; s->type; s++)
            if (index-- == 0)
                return s;
    return NULL;
}

const op_schema *op_registry_find(const char *domain, const char *type, int opset)
{
    for (int f = 0; f < FAMILY_COUNT; f++)
        for (const op_schema *s = families[f]; s->type; s++)
            if (strcmp(s->type, type) == 0 && same_domain(s->domain, domain) &&
                opset >= s->since_opset && opset <= s->last_opset)
                return s;
    return NULL;
}

const op_schema *op_registry_find_any(const char *domain, const char *type)
{
    for (int f = 0; f < FAMILY_COUNT; f++)
        for (const op_schema *s = families[f]; s->type; s++)
            if (strcmp(s->type, type) == 0 && same_domain(s->domain, domain))
                return s;
    return NULL;
}

/* Case-insensitive Levenshtein distance, capped at 64 characters per name. */
static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64)
        la = 64;
    if (lb > 64)
        lb = 64;
    size_t row[65];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            char ca = a[i - 1], cb = b[j - 1];
            if (ca >= 'A' && ca <= 'Z')
                ca = (char)(ca - 'A' + 'a');
            if (cb >= 'A' && cb <= 'Z')
                cb = (char)(cb - 'A' + 'a');
            size_t best = diag + (ca != cb);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

const char *op_registry_closest(const char *type)
{
    const char *best = NULL;
    size_t best_d = (size_t)-1;
    for (int f = 0; f < FAMILY_COUNT; f++)
        for (const op_schema *s = families[f]; s->type; s++) {
            size_t d = edit_distance(type, s->type);
            if (d < best_d) {
                best_d = d;
                best = s->type;
            }
        }
    size_t len = strlen(type);
    /* Only suggest when at most a third of the name differs. */
    if (!best || best_d > (len < 3 ? 1 : len / 3 + 1))
        return NULL;
    return best;
}

const op_attr_def *op_schema_attr(const op_schema *schema, const char *name)
{
    if (!schema->attrs)
        return NULL;
    for (const op_attr_def *a = schema->attrs; a->name; a++)
        if (strcmp(a->name, name) == 0)
            return a;
    return NULL;
}

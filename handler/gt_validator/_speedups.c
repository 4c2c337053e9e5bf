/* Optional C accelerator (setup.py): the fast gate, and two byte-level helpers.
 *
 * gate(doc, table) -> int or None answers one question about a parsed GT document:
 * is it certainly free of findings (where the file lives aside)? The int is the
 * count of object members plus the ':' inside the strings it saw (parse.py rules
 * out dropped duplicate keys with it); None means "maybe not", and the detailed
 * Python rules (the other modules of rules/) then say what and where. The gate makes no finding,
 * and nothing here knows the GT format by heart: field names, JSON types, shapes,
 * the id's UUID groups, the project's classes and attributes all arrive in
 * `table`, which rules/fast/tables.py builds once per project from gt_format.py and
 * the config. What is fixed here (tests/unit/test_speedups.py ties each to its
 * Python twin): a JSON number is an exact int or float (never a bool), an id is
 * ASCII digits, '-', then hex-digit groups joined by '-'.
 *
 * Any doubt answers None: an int too large for a double to hold exactly, nesting
 * deeper than MAX_DEPTH in free-form values, a type the table does not expect.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>

#define MAX_DEPTH 32     /* free-form values nested deeper: "maybe not" */
#define EXACT_INT (1LL << 53) /* larger ints may not fit a double exactly */

/* 1 and the value in *out for an exact int or float a double holds exactly; else 0. */
static int
number_value(PyObject *obj, double *out)
{
    if (PyFloat_CheckExact(obj)) {
        *out = PyFloat_AS_DOUBLE(obj);
        return 1;
    }
    if (PyLong_CheckExact(obj)) {
        int overflow;
        long long v = PyLong_AsLongLongAndOverflow(obj, &overflow);
        if (v == -1 && PyErr_Occurred()) {
            PyErr_Clear();
            return 0;
        }
        if (overflow || v > EXACT_INT || v < -EXACT_INT)
            return 0;
        *out = (double)v;
        return 1;
    }
    return 0;
}

/* A JSON number: an exact int (of any size) or float; never a bool. */
static int
is_number(PyObject *obj)
{
    return PyLong_CheckExact(obj) || PyFloat_CheckExact(obj);
}

static int
type_in(PyObject *obj, PyObject *types)
{
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(types); i++)
        if ((PyObject *)Py_TYPE(obj) == PyTuple_GET_ITEM(types, i))
            return 1;
    return 0;
}

static Py_ssize_t
colons_of(PyObject *str)
{
    Py_ssize_t n = PyUnicode_GET_LENGTH(str), found = 0;
    if (n && PyUnicode_FindChar(str, ':', 0, n, 1) >= 0) {
        int kind = PyUnicode_KIND(str);
        const void *data = PyUnicode_DATA(str);
        for (Py_ssize_t j = 0; j < n; j++)
            found += PyUnicode_READ(kind, data, j) == ':';
    }
    return found;
}

/* Members of objects and ':' in strings below a free-form value, added to *count.
 * 1, or 0 when nested deeper than MAX_DEPTH (the caller answers "maybe not"). */
static int
count_members(PyObject *v, int depth, Py_ssize_t *count)
{
    if (PyUnicode_CheckExact(v)) {
        *count += colons_of(v);
        return 1;
    }
    if (depth >= MAX_DEPTH && (PyDict_CheckExact(v) || PyList_CheckExact(v)))
        return 0;
    if (PyDict_CheckExact(v)) {
        PyObject *key, *value;
        Py_ssize_t pos = 0;
        *count += PyDict_GET_SIZE(v);
        while (PyDict_Next(v, &pos, &key, &value)) {
            *count += PyUnicode_CheckExact(key) ? colons_of(key) : 0;
            if (!count_members(value, depth + 1, count))
                return 0;
        }
    }
    else if (PyList_CheckExact(v)) {
        for (Py_ssize_t i = 0; i < PyList_GET_SIZE(v); i++)
            if (!count_members(PyList_GET_ITEM(v, i), depth + 1, count))
                return 0;
    }
    return 1;
}

/* The working range: per axis, lo <= v <= hi when has[axis]. */
typedef struct {
    double lo[3], hi[3];
    int has[3];
} Range;

/* From a tuple of (lo, hi) or None per axis. 0, or -1 with TypeError. */
static int
range_from(PyObject *bounds, Range *r)
{
    for (int axis = 0; axis < 3; axis++)
        r->has[axis] = 0;
    if (!PyTuple_CheckExact(bounds))
        goto bad;
    for (Py_ssize_t axis = 0; axis < 3 && axis < PyTuple_GET_SIZE(bounds); axis++) {
        PyObject *limit = PyTuple_GET_ITEM(bounds, axis);
        if (limit == Py_None)
            continue;
        if (!PyTuple_CheckExact(limit) || PyTuple_GET_SIZE(limit) != 2 ||
            !number_value(PyTuple_GET_ITEM(limit, 0), &r->lo[axis]) ||
            !number_value(PyTuple_GET_ITEM(limit, 1), &r->hi[axis]))
            goto bad;
        r->has[axis] = 1;
    }
    return 0;
bad:
    PyErr_SetString(PyExc_TypeError, "bounds: a tuple of (lo, hi) or None per axis");
    return -1;
}

static int
is_hex(Py_UCS4 c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* ASCII digits, '-', then hex-digit groups of the lengths in `groups` joined by '-'. */
static int
annotation_id_ok(PyObject *id, PyObject *groups)
{
    if (!PyUnicode_CheckExact(id))
        return 0;
    Py_ssize_t n = PyUnicode_GET_LENGTH(id), at = 0;
    while (at < n && PyUnicode_READ_CHAR(id, at) >= '0' && PyUnicode_READ_CHAR(id, at) <= '9')
        at++;
    if (at == 0)
        return 0;
    for (Py_ssize_t g = 0; g < PyTuple_GET_SIZE(groups); g++) {
        Py_ssize_t size = PyLong_AsSsize_t(PyTuple_GET_ITEM(groups, g));
        if (size < 0) {
            PyErr_Clear();
            return 0;
        }
        if (at >= n || PyUnicode_READ_CHAR(id, at) != '-' || n - at - 1 < size)
            return 0;
        at++;
        for (Py_ssize_t j = 0; j < size; j++, at++)
            if (!is_hex(PyUnicode_READ_CHAR(id, at)))
                return 0;
    }
    return at == n;
}

/* One attribute value judged by kind: 0 select (a str in `allowed`), 1 text (a str),
 * 2 boolean, 3 number (lo <= v <= hi), 4 multi_select (a list of distinct strs in
 * `allowed`); any other kind: never certain. 1 ok, 0 not, -1 error. */
static int
value_ok(PyObject *v, long kind, PyObject *allowed, double lo, double hi)
{
    if (kind == 0 || kind == 1) {
        if (!PyUnicode_CheckExact(v))
            return 0;
        return kind == 1 ? 1 : PySequence_Contains(allowed, v);
    }
    if (kind == 2)
        return PyBool_Check(v);
    if (kind == 3) {
        double x;
        if (lo == -Py_HUGE_VAL && hi == Py_HUGE_VAL)
            return is_number(v);
        return number_value(v, &x) && x >= lo && x <= hi;
    }
    if (kind == 4) {
        if (!PyList_CheckExact(v))
            return 0;
        Py_ssize_t n = PyList_GET_SIZE(v);
        for (Py_ssize_t j = 0; j < n; j++) {
            PyObject *item = PyList_GET_ITEM(v, j);
            if (!PyUnicode_CheckExact(item))
                return 0;
            int in = PySequence_Contains(allowed, item);
            if (in <= 0)
                return in;
            for (Py_ssize_t k = 0; k < j; k++) {
                int same = PyUnicode_Compare(item, PyList_GET_ITEM(v, k));
                if (same == -1 && PyErr_Occurred())
                    return -1;
                if (same == 0)
                    return 0;
            }
        }
        return 1;
    }
    return 0;
}

/* An attributes object against (names, columns); columns are 6-tuples
 * (name, kind, allowed, lo, hi, required). Adds its members and the ':' in its names
 * and strings to *count. 1 ok, 0 not, -1 error. */
static int
attributes_ok(PyObject *attrs, PyObject *names, PyObject *columns, Py_ssize_t *count)
{
    PyObject *k, *v;
    Py_ssize_t pos = 0;
    if (!PyDict_CheckExact(attrs))
        return 0;
    while (PyDict_Next(attrs, &pos, &k, &v)) {
        int in = PySet_Contains(names, k);
        if (in <= 0)
            return in;
    }
    for (Py_ssize_t c = 0; c < PyTuple_GET_SIZE(columns); c++) {
        PyObject *column = PyTuple_GET_ITEM(columns, c);
        if (!PyTuple_CheckExact(column) || PyTuple_GET_SIZE(column) != 6) {
            PyErr_SetString(PyExc_TypeError, "columns: (name, kind, allowed, lo, hi, required)");
            return -1;
        }
        PyObject *name = PyTuple_GET_ITEM(column, 0);
        PyObject *value = PyDict_GetItemWithError(attrs, name);
        if (value == NULL) {
            if (PyErr_Occurred())
                return -1;
            if (PyTuple_GET_ITEM(column, 5) == Py_True)
                return 0;
            continue;
        }
        long kind = PyLong_AsLong(PyTuple_GET_ITEM(column, 1));
        double lo = PyFloat_AsDouble(PyTuple_GET_ITEM(column, 3));
        double hi = PyFloat_AsDouble(PyTuple_GET_ITEM(column, 4));
        if (PyErr_Occurred())
            return -1;
        int ok = value_ok(value, kind, PyTuple_GET_ITEM(column, 2), lo, hi);
        if (ok <= 0)
            return ok;
    }
    /* everything valid: the members, and ':' in names and string values */
    return count_members(attrs, MAX_DEPTH - 2, count) ? 1 : 0;
}

/* One annotation's points for a shape (coords, least, exact, visibility, ordered):
 * 1 ok, 0 not, -1 error. */
static int
points_ok(PyObject *points, PyObject *shape, PyObject *visibility, const Range *r)
{
    if (!PyList_CheckExact(points))
        return 0;
    Py_ssize_t coords = PyLong_AsSsize_t(PyTuple_GET_ITEM(shape, 0));
    Py_ssize_t least = PyLong_AsSsize_t(PyTuple_GET_ITEM(shape, 1));
    Py_ssize_t exact = PyLong_AsSsize_t(PyTuple_GET_ITEM(shape, 2));
    int with_visibility = PyTuple_GET_ITEM(shape, 3) == Py_True;
    int ordered = PyTuple_GET_ITEM(shape, 4) == Py_True;
    if (PyErr_Occurred())
        return -1;
    if (coords < 1 || coords > 3) {
        PyErr_SetString(PyExc_ValueError, "shape: 1 to 3 coordinates");
        return -1;
    }
    Py_ssize_t count = PyList_GET_SIZE(points);
    if (count < least || (exact >= 0 && count != exact))
        return 0;
    for (Py_ssize_t j = 0; j < count; j++) {
        PyObject *point = PyList_GET_ITEM(points, j);
        if (!PyList_CheckExact(point))
            return 0;
        Py_ssize_t size = PyList_GET_SIZE(point);
        if (size == coords + 1 && with_visibility) {
            PyObject *v = PyList_GET_ITEM(point, coords);
            if (!PyLong_CheckExact(v))
                return 0;
            int in = PySet_Contains(visibility, v);
            if (in <= 0)
                return in;
        }
        else if (size != coords)
            return 0;
        for (Py_ssize_t axis = 0; axis < coords; axis++) {
            PyObject *c = PyList_GET_ITEM(point, axis);
            double v;
            if (!r->has[axis]) {
                if (!is_number(c))
                    return 0;
            }
            else if (!number_value(c, &v) || v < r->lo[axis] || v > r->hi[axis])
                return 0;
        }
    }
    if (ordered && count == 2 && coords >= 2) {
        PyObject *p1 = PyList_GET_ITEM(points, 0), *p2 = PyList_GET_ITEM(points, 1);
        if (PyList_GET_SIZE(p1) != coords || PyList_GET_SIZE(p2) != coords)
            return 0;
        for (Py_ssize_t axis = 0; axis < coords; axis++) {
            double a, b;
            if (!number_value(PyList_GET_ITEM(p1, axis), &a) ||
                !number_value(PyList_GET_ITEM(p2, axis), &b) || a > b)
                return 0;
        }
    }
    return 1;
}

#define MAX_TRACK_TYPES 4

/* The annotations list against the table's annotation part:
 * (keys, fields, combos, groups, track_types, visibility), where keys are the names
 * of (id, type, label, attributes, points, track_id), fields every allowed key, combos
 * (type, label) -> (shape, attribute names, columns). Adds members and ':' to *count.
 * 1 ok, 0 not, -1 error. */
static int
annotations_ok(PyObject *anns, PyObject *spec, const Range *r, Py_ssize_t *count)
{
    if (!PyList_CheckExact(anns))
        return 0;
    if (!PyTuple_CheckExact(spec) || PyTuple_GET_SIZE(spec) != 6 ||
        !PyTuple_CheckExact(PyTuple_GET_ITEM(spec, 0)) ||
        PyTuple_GET_SIZE(PyTuple_GET_ITEM(spec, 0)) != 6 ||
        !PyDict_CheckExact(PyTuple_GET_ITEM(spec, 2)) ||
        !PyTuple_CheckExact(PyTuple_GET_ITEM(spec, 3)) ||
        !PyTuple_CheckExact(PyTuple_GET_ITEM(spec, 4)) ||
        PyTuple_GET_SIZE(PyTuple_GET_ITEM(spec, 4)) > MAX_TRACK_TYPES) {
        PyErr_SetString(PyExc_TypeError, "annotations: (keys, fields, combos, groups, tracks, visibility)");
        return -1;
    }
    PyObject *keys = PyTuple_GET_ITEM(spec, 0), *fields = PyTuple_GET_ITEM(spec, 1);
    PyObject *combos = PyTuple_GET_ITEM(spec, 2), *groups = PyTuple_GET_ITEM(spec, 3);
    PyObject *track_types = PyTuple_GET_ITEM(spec, 4), *visibility = PyTuple_GET_ITEM(spec, 5);
    Py_ssize_t n_tracks = PyTuple_GET_SIZE(track_types);
    PyObject *ids = PySet_New(NULL), *tracks[MAX_TRACK_TYPES] = {NULL};
    int result = -1;
    if (ids == NULL)
        goto done;
    for (Py_ssize_t t = 0; t < n_tracks; t++)
        if ((tracks[t] = PySet_New(NULL)) == NULL)
            goto done;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(anns); i++) {
        PyObject *ann = PyList_GET_ITEM(anns, i), *k, *v, *got[6];
        Py_ssize_t pos = 0;
        if (!PyDict_CheckExact(ann))
            goto reject;
        while (PyDict_Next(ann, &pos, &k, &v)) {
            int in = PySet_Contains(fields, k);
            if (in < 0)
                goto done;
            if (!in)
                goto reject;
        }
        for (int f = 0; f < 6; f++) {
            got[f] = PyDict_GetItemWithError(ann, PyTuple_GET_ITEM(keys, f));
            if (got[f] == NULL && PyErr_Occurred())
                goto done;
            if (got[f] == NULL && f < 5) /* all but the track_id are required */
                goto reject;
        }
        PyObject *id = got[0], *type = got[1], *label = got[2], *track = got[5];
        if (!PyUnicode_CheckExact(type) || !PyUnicode_CheckExact(label) ||
            !annotation_id_ok(id, groups))
            goto reject;
        Py_ssize_t before = PySet_GET_SIZE(ids);
        if (PySet_Add(ids, id) < 0)
            goto done;
        if (PySet_GET_SIZE(ids) == before)
            goto reject;
        if (track != NULL) {
            PyObject *seen = NULL;
            for (Py_ssize_t t = 0; t < n_tracks; t++)
                if ((PyObject *)Py_TYPE(track) == PyTuple_GET_ITEM(track_types, t))
                    seen = tracks[t];
            if (seen == NULL)
                goto reject;
            before = PySet_GET_SIZE(seen);
            if (PySet_Add(seen, track) < 0)
                goto done;
            if (PySet_GET_SIZE(seen) == before)
                goto reject;
            if (PyUnicode_CheckExact(track))
                *count += colons_of(track);
        }
        PyObject *pair = PyTuple_Pack(2, type, label);
        if (pair == NULL)
            goto done;
        PyObject *combo = PyDict_GetItemWithError(combos, pair);
        Py_DECREF(pair);
        if (combo == NULL) {
            if (PyErr_Occurred())
                goto done;
            goto reject;
        }
        if (!PyTuple_CheckExact(combo) || PyTuple_GET_SIZE(combo) != 3 ||
            !PyTuple_CheckExact(PyTuple_GET_ITEM(combo, 0)) ||
            PyTuple_GET_SIZE(PyTuple_GET_ITEM(combo, 0)) != 5 ||
            !PyAnySet_CheckExact(PyTuple_GET_ITEM(combo, 1)) ||
            !PyTuple_CheckExact(PyTuple_GET_ITEM(combo, 2))) {
            PyErr_SetString(PyExc_TypeError, "combos: (shape, names, columns)");
            goto done;
        }
        int ok = points_ok(got[4], PyTuple_GET_ITEM(combo, 0), visibility, r);
        if (ok > 0)
            ok = attributes_ok(got[3], PyTuple_GET_ITEM(combo, 1), PyTuple_GET_ITEM(combo, 2), count);
        if (ok < 0)
            goto done;
        if (!ok)
            goto reject;
        *count += PyDict_GET_SIZE(ann) + colons_of(type) + colons_of(label);
    }
    result = 1;
    goto done;
reject:
    result = 0;
done:
    Py_XDECREF(ids);
    for (Py_ssize_t t = 0; t < MAX_TRACK_TYPES; t++)
        Py_XDECREF(tracks[t]);
    return result;
}

/* The metadata object against (mode, keys): mode 0, each key a positive integer (an
 * int, or a float with no fraction), bounding axis 0, 1... from 0 (the image size,
 * written into *r); 1, each key a positive number; 2, the object must be empty.
 * 1 ok, 0 not, -1 error. */
static int
metadata_ok(PyObject *meta, long mode, PyObject *keys, Range *r)
{
    if (!PyDict_CheckExact(meta))
        return 0;
    if (mode == 2)
        return PyDict_GET_SIZE(meta) == 0;
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(keys); i++) {
        PyObject *v = PyDict_GetItemWithError(meta, PyTuple_GET_ITEM(keys, i));
        double x;
        if (v == NULL)
            return PyErr_Occurred() ? -1 : 0;
        if (!number_value(v, &x) || !(x > 0))
            return 0;
        if (mode == 0) {
            if (PyFloat_CheckExact(v) && x != floor(x))
                return 0;
            if (i < 3) {
                r->lo[i] = 0.0;
                r->hi[i] = x;
                r->has[i] = 1;
            }
        }
        else if (mode != 1)
            return 0;
    }
    return 1;
}

/* gate(doc, table) -> int or None; the table as rules/fast/tables.py builds it:
 * (fields, required, nonempty, prefixes, labels, tags, dict_values, metadata,
 *  classification, annotations, bounds). */
static PyObject *
gate(PyObject *self, PyObject *args)
{
    PyObject *doc, *table, *fields, *required, *nonempty, *prefixes, *labels, *tags, *dict_values,
        *metadata, *classification, *annotations, *bounds;
    if (!PyArg_ParseTuple(args, "OO!", &doc, &PyTuple_Type, &table))
        return NULL;
    if (!PyArg_ParseTuple(table, "O!O!O!O!OO!O!O!O!O!O!", &PyDict_Type, &fields, &PyTuple_Type,
                          &required, &PyTuple_Type, &nonempty, &PyTuple_Type, &prefixes, &labels,
                          &PyTuple_Type, &tags, &PyTuple_Type, &dict_values, &PyTuple_Type,
                          &metadata, &PyTuple_Type, &classification, &PyTuple_Type, &annotations,
                          &PyTuple_Type, &bounds))
        return NULL;
    if (!PyDict_CheckExact(doc))
        Py_RETURN_NONE;
    Range r;
    Py_ssize_t count = PyDict_GET_SIZE(doc);
    PyObject *k, *v, *f, *meta_name, *meta_keys, *attrs_name, *anns_name;
    long meta_mode;
    Py_ssize_t pos = 0;
    if (range_from(bounds, &r) < 0)
        return NULL;
    /* every field allowed and of its JSON type; the required ones present */
    while (PyDict_Next(doc, &pos, &k, &v)) {
        PyObject *types = PyDict_GetItemWithError(fields, k);
        if (types == NULL) {
            if (PyErr_Occurred())
                return NULL;
            Py_RETURN_NONE;
        }
        if (!PyTuple_CheckExact(types) || !type_in(v, types))
            Py_RETURN_NONE;
    }
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(required); i++) {
        int in = PyDict_Contains(doc, PyTuple_GET_ITEM(required, i));
        if (in < 0)
            return NULL;
        if (!in)
            Py_RETURN_NONE;
    }
    /* strings that must not be empty, or must start with a prefix */
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(nonempty); i++) {
        f = PyDict_GetItemWithError(doc, PyTuple_GET_ITEM(nonempty, i));
        if (f == NULL && PyErr_Occurred())
            return NULL;
        if (f != NULL && (!PyUnicode_CheckExact(f) || PyUnicode_GET_LENGTH(f) == 0))
            Py_RETURN_NONE;
    }
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(prefixes); i++) {
        PyObject *rule = PyTuple_GET_ITEM(prefixes, i), *prefix;
        if (!PyArg_ParseTuple(rule, "OU", &k, &prefix))
            return NULL;
        f = PyDict_GetItemWithError(doc, k);
        if (f == NULL && PyErr_Occurred())
            return NULL;
        if (f != NULL) {
            Py_ssize_t starts = PyUnicode_CheckExact(f)
                                    ? PyUnicode_Tailmatch(f, prefix, 0, PY_SSIZE_T_MAX, -1)
                                    : 0;
            if (starts < 0)
                return NULL;
            if (!starts)
                Py_RETURN_NONE;
        }
    }
    /* a string from a set (the classification label) */
    if (labels != Py_None) {
        PyObject *allowed;
        if (!PyArg_ParseTuple(labels, "OO", &k, &allowed))
            return NULL;
        f = PyDict_GetItemWithError(doc, k);
        if (f == NULL)
            return PyErr_Occurred() ? NULL : (Py_NewRef(Py_None));
        int in = PySequence_Contains(allowed, f);
        if (in < 0)
            return NULL;
        if (!in)
            Py_RETURN_NONE;
    }
    /* lists of items of given types, from a set when one is given (tags) */
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(tags); i++) {
        PyObject *item_types, *allowed;
        if (!PyArg_ParseTuple(PyTuple_GET_ITEM(tags, i), "OO!O", &k, &PyTuple_Type, &item_types,
                              &allowed))
            return NULL;
        f = PyDict_GetItemWithError(doc, k);
        if (f == NULL && PyErr_Occurred())
            return NULL;
        if (f == NULL)
            continue;
        if (!PyList_CheckExact(f))
            Py_RETURN_NONE;
        for (Py_ssize_t j = 0; j < PyList_GET_SIZE(f); j++) {
            PyObject *item = PyList_GET_ITEM(f, j);
            if (!type_in(item, item_types))
                Py_RETURN_NONE;
            if (allowed != Py_None) {
                int in = PySequence_Contains(allowed, item);
                if (in < 0)
                    return NULL;
                if (!in)
                    Py_RETURN_NONE;
            }
        }
    }
    /* objects whose values have given types (last_workers) */
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(dict_values); i++) {
        PyObject *value_types;
        if (!PyArg_ParseTuple(PyTuple_GET_ITEM(dict_values, i), "OO!", &k, &PyTuple_Type,
                              &value_types))
            return NULL;
        f = PyDict_GetItemWithError(doc, k);
        if (f == NULL && PyErr_Occurred())
            return NULL;
        if (f == NULL)
            continue;
        if (!PyDict_CheckExact(f))
            Py_RETURN_NONE;
        pos = 0;
        while (PyDict_Next(f, &pos, &k, &v))
            if (!type_in(v, value_types))
                Py_RETURN_NONE;
    }
    /* metadata, which may also set the working range */
    if (!PyArg_ParseTuple(metadata, "OlO!", &meta_name, &meta_mode, &PyTuple_Type, &meta_keys))
        return NULL;
    f = PyDict_GetItemWithError(doc, meta_name);
    if (f == NULL)
        return PyErr_Occurred() ? NULL : Py_NewRef(Py_None);
    int ok = metadata_ok(f, meta_mode, meta_keys, &r);
    if (ok <= 0)
        return ok < 0 ? NULL : Py_NewRef(Py_None);
    /* the file-level (classification) attributes */
    PyObject *names, *columns;
    if (!PyArg_ParseTuple(classification, "OO!O!", &attrs_name, &PyFrozenSet_Type, &names,
                          &PyTuple_Type, &columns))
        return NULL;
    f = PyDict_GetItemWithError(doc, attrs_name);
    if (f == NULL)
        return PyErr_Occurred() ? NULL : Py_NewRef(Py_None);
    ok = attributes_ok(f, names, columns, &count);
    if (ok <= 0)
        return ok < 0 ? NULL : Py_NewRef(Py_None);
    /* the annotations */
    if (!PyArg_ParseTuple(annotations, "OO!", &anns_name, &PyTuple_Type, &v))
        return NULL;
    f = PyDict_GetItemWithError(doc, anns_name);
    if (f == NULL)
        return PyErr_Occurred() ? NULL : Py_NewRef(Py_None);
    ok = annotations_ok(f, v, &r, &count);
    if (ok <= 0)
        return ok < 0 ? NULL : Py_NewRef(Py_None);
    /* everything else is free-form as far as counting goes */
    pos = 0;
    while (PyDict_Next(doc, &pos, &k, &v)) {
        int mine = PyUnicode_Compare(k, attrs_name) == 0 || PyUnicode_Compare(k, anns_name) == 0;
        if (!mine && !count_members(v, 1, &count))
            Py_RETURN_NONE;
    }
    return PyLong_FromSsize_t(count);
}

/* count_colons(data) -> int: b':' bytes in data (a tight loop the compiler vectorises). */
static PyObject *
count_colons(PyObject *self, PyObject *arg)
{
    Py_buffer view;
    if (PyObject_GetBuffer(arg, &view, PyBUF_SIMPLE) < 0)
        return NULL;
    const unsigned char *p = view.buf;
    Py_ssize_t n = view.len, count = 0;
    for (Py_ssize_t i = 0; i < n; i++)
        count += p[i] == ':';
    PyBuffer_Release(&view);
    return PyLong_FromSsize_t(count);
}



/* skip_json(text, pos, depth) -> index: where a JSON value (depth 0, starting at pos) or
 * the rest of an open container (depth 1, pos just inside it) ends. Brackets are
 * matched and strings (with their escapes) stepped over, nothing is built: the
 * position finder's way past the parts of a file it does not need. Lenient: it
 * judges no syntax, and raises ValueError when the text ends first. */
static PyObject *
skip_json(PyObject *self, PyObject *args)
{
    PyObject *text;
    Py_ssize_t pos, depth;
    if (!PyArg_ParseTuple(args, "Unn", &text, &pos, &depth))
        return NULL;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    if (pos < 0 || pos > n || depth < 0) {
        PyErr_SetString(PyExc_ValueError, "position out of range");
        return NULL;
    }
    if (depth == 0) {
        if (pos >= n)
            goto ended;
        Py_UCS4 c = PyUnicode_READ(kind, data, pos);
        if (c == '[' || c == '{') {
            depth = 1;
            pos++;
        }
        else if (c != '"') {
            while (pos < n) {
                c = PyUnicode_READ(kind, data, pos);
                if (c == ',' || c == ']' || c == '}' || c == ':' || c == ' ' || c == '\t' ||
                    c == '\n' || c == '\r')
                    break;
                pos++;
            }
            return PyLong_FromSsize_t(pos);
        }
    }
    while (pos < n) {
        Py_UCS4 c = PyUnicode_READ(kind, data, pos++);
        if (c == '"') {
            while (pos < n) {
                Py_UCS4 d = PyUnicode_READ(kind, data, pos++);
                if (d == '\\')
                    pos++;
                else if (d == '"')
                    break;
            }
            if (pos > n)
                goto ended;
            if (depth == 0)
                return PyLong_FromSsize_t(pos);
        }
        else if (c == '[' || c == '{')
            depth++;
        else if (c == ']' || c == '}') {
            if (--depth == 0)
                return PyLong_FromSsize_t(pos);
        }
    }
ended:
    PyErr_SetString(PyExc_ValueError, "the text ends inside the value");
    return NULL;
}

static PyMethodDef methods[] = {
    {"gate", gate, METH_VARARGS,
     "gate(doc, table) -> members + colons when certainly clean (location aside), else None."},
    {"skip_json", skip_json, METH_VARARGS,
     "skip_json(text, pos, depth) -> index after a value (depth 0) or an open container (1)."},
    {"count_colons", count_colons, METH_O, "count_colons(data) -> number of b':' bytes."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "gt_validator._speedups", NULL, -1, methods,
};

PyMODINIT_FUNC
PyInit__speedups(void)
{
    return PyModule_Create(&module);
}

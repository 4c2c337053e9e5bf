/* Optional C accelerator for the fast path (rules/fast.py).
 *
 * points_ok(lists, dims, bounds) -> bool: every element of every list in
 * `lists` is a list of exactly `dims` numbers (exact int or float: bool is
 * not a number here), each within bounds[axis] = (lo, hi) when that is not
 * None. dims = 0 means keypoints: [x, y] or [x, y, v] with v an int 0, 1 or 2. One pass over the points in C instead of five passes of map/min/max
 * in Python; rules/fast.py keeps a pure-Python twin with the same answers,
 * used when this module is not built (e.g. in the Lambda package).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static int
number_value(PyObject *obj, double *out)
{
    if (PyFloat_CheckExact(obj)) {
        *out = PyFloat_AS_DOUBLE(obj);
        return 1;
    }
    if (PyLong_CheckExact(obj)) {
        double v = PyLong_AsDouble(obj);
        if (v == -1.0 && PyErr_Occurred()) {
            PyErr_Clear(); /* too large for a double: let the detailed rules judge */
            return 0;
        }
        *out = v;
        return 1;
    }
    return 0;
}

/* Bounds per axis from a tuple of (lo, hi) or None: 0, or -1 with TypeError. */
static int
parse_bounds(PyObject *bounds, Py_ssize_t axes, double *lo, double *hi, int *has)
{
    for (Py_ssize_t axis = 0; axis < 3; axis++)
        has[axis] = 0;
    for (Py_ssize_t axis = 0; axis < axes && axis < PyTuple_GET_SIZE(bounds); axis++) {
        PyObject *limit = PyTuple_GET_ITEM(bounds, axis);
        if (limit == Py_None)
            continue;
        if (!PyTuple_Check(limit) || PyTuple_GET_SIZE(limit) != 2 ||
            !number_value(PyTuple_GET_ITEM(limit, 0), &lo[axis]) ||
            !number_value(PyTuple_GET_ITEM(limit, 1), &hi[axis])) {
            PyErr_SetString(PyExc_TypeError, "bounds: a tuple of (lo, hi) or None per axis");
            return -1;
        }
        has[axis] = 1;
    }
    return 0;
}

/* One annotation's points: a list of points of `dims` numbers (dims 0: keypoints,
 * [x, y] or [x, y, v] with v an int 0..2) within the bounds. 1 or 0. */
static int
points_valid(PyObject *points, Py_ssize_t dims, const double *lo, const double *hi,
             const int *has)
{
    int keypoints = dims == 0;
    Py_ssize_t axes = keypoints ? 2 : dims;
    if (!PyList_CheckExact(points))
        return 0;
    for (Py_ssize_t j = 0; j < PyList_GET_SIZE(points); j++) {
        PyObject *point = PyList_GET_ITEM(points, j);
        if (!PyList_CheckExact(point))
            return 0;
        Py_ssize_t size = PyList_GET_SIZE(point);
        if (keypoints) {
            if (size == 3) {
                PyObject *v = PyList_GET_ITEM(point, 2);
                if (!PyLong_CheckExact(v))
                    return 0;
                long visibility = PyLong_AsLong(v);
                if (visibility == -1 && PyErr_Occurred()) {
                    PyErr_Clear();
                    return 0;
                }
                if (visibility < 0 || visibility > 2)
                    return 0;
            }
            else if (size != 2)
                return 0;
        }
        else if (size != dims)
            return 0;
        for (Py_ssize_t axis = 0; axis < axes; axis++) {
            double v;
            if (!number_value(PyList_GET_ITEM(point, axis), &v))
                return 0;
            if (has[axis] && (v < lo[axis] || v > hi[axis]))
                return 0;
        }
    }
    return 1;
}

static PyObject *
points_ok(PyObject *self, PyObject *args)
{
    PyObject *lists, *bounds;
    Py_ssize_t dims;
    double lo[3], hi[3];
    int has[3];

    if (!PyArg_ParseTuple(args, "O!nO!", &PyList_Type, &lists, &dims, &PyTuple_Type, &bounds))
        return NULL;
    if (dims < 0 || dims > 3) {
        PyErr_SetString(PyExc_ValueError, "dims must be 0 (keypoints), 1, 2 or 3");
        return NULL;
    }
    if (parse_bounds(bounds, dims == 0 ? 2 : dims, lo, hi, has) < 0)
        return NULL;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(lists); i++) {
        if (!points_valid(PyList_GET_ITEM(lists, i), dims, lo, hi, has))
            Py_RETURN_FALSE;
    }
    Py_RETURN_TRUE;
}


static int
is_hex(Py_UCS4 c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* digits, '-', then a UUID: 8-4-4-4-12 hex digits */
static int
annotation_id_ok(PyObject *id)
{
    if (!PyUnicode_CheckExact(id))
        return 0;
    Py_ssize_t n = PyUnicode_GET_LENGTH(id), digits = 0;
    while (digits < n && PyUnicode_READ_CHAR(id, digits) >= '0' &&
           PyUnicode_READ_CHAR(id, digits) <= '9')
        digits++;
    if (digits == 0 || n - digits != 37 || PyUnicode_READ_CHAR(id, digits) != '-')
        return 0;
    for (Py_ssize_t j = 1; j <= 36; j++) {
        Py_UCS4 c = PyUnicode_READ_CHAR(id, digits + j);
        if (j == 9 || j == 14 || j == 19 || j == 24) {
            if (c != '-')
                return 0;
        }
        else if (!is_hex(c))
            return 0;
    }
    return 1;
}





static Py_ssize_t
colons_of(PyObject *str)
{
    Py_ssize_t n = PyUnicode_GET_LENGTH(str), found = 0;
    if (n && PyUnicode_FindChar(str, ':', 0, n, 1) >= 0) {
        for (Py_ssize_t j = 0; j < n; j++)
            found += PyUnicode_READ_CHAR(str, j) == ':';
    }
    return found;
}

/* One attribute value judged by kind: 0 select (a str in `allowed`), 1 text (a str),
 * 2 boolean, 3 number (int or float, not bool, lo <= v <= hi), 4 multi_select (a list
 * of distinct strs in `allowed`). 1 ok, 0 not, -1 error.
 * ':' in its strings are added to *colons. */
static int
value_ok(PyObject *v, int kind, PyObject *allowed, double lo, double hi, Py_ssize_t *colons)
{
    if (kind == 0 || kind == 1) {
        if (!PyUnicode_CheckExact(v))
            return 0;
        if (kind == 0) {
            int in = PySequence_Contains(allowed, v);
            if (in <= 0)
                return in;
        }
        *colons += colons_of(v);
        return 1;
    }
    if (kind == 2)
        return PyBool_Check(v);
    if (kind == 3) {
        double x;
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
            *colons += colons_of(item);
        }
        return 1;
    }
    PyErr_SetString(PyExc_ValueError, "kind must be 0..4");
    return -1;
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

/* annotations_ok(anns, fields, combos, bounds) -> int or None: the whole fast path
 * over a file's annotations in one pass, nothing built. combos maps (type, label) to
 * (dims, least, exact, names, columns, is_box): dims 2, 3 or 0 (keypoints), exact -1
 * for none, names the class's attribute names, columns as for attributes_ok. The
 * answer is the members of the annotation and attributes objects plus the ':' in the
 * attribute names and strings seen (for the duplicate-key count), or None at the
 * first annotation the detailed rules must look at. */
static PyObject *
annotations_ok(PyObject *self, PyObject *args)
{
    PyObject *anns, *fields, *combos, *bounds;
    double lo[3], hi[3];
    int has[3];
    if (!PyArg_ParseTuple(args, "O!O!O!O!", &PyList_Type, &anns, &PyFrozenSet_Type, &fields,
                          &PyDict_Type, &combos, &PyTuple_Type, &bounds))
        return NULL;
    if (parse_bounds(bounds, 3, lo, hi, has) < 0)
        return NULL;
    static PyObject *k_type, *k_label, *k_attrs, *k_points, *k_id, *k_track;
    if (k_type == NULL) {
        k_type = PyUnicode_InternFromString("type");
        k_label = PyUnicode_InternFromString("label");
        k_attrs = PyUnicode_InternFromString("attributes");
        k_points = PyUnicode_InternFromString("points");
        k_id = PyUnicode_InternFromString("id");
        k_track = PyUnicode_InternFromString("track_id");
        if (!k_type || !k_label || !k_attrs || !k_points || !k_id || !k_track)
            return NULL;
    }
    PyObject *ids = PySet_New(NULL), *str_tracks = PySet_New(NULL), *int_tracks = PySet_New(NULL);
    PyObject *result = NULL;
    Py_ssize_t counted = 0;
    if (!ids || !str_tracks || !int_tracks)
        goto done;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(anns); i++) {
        PyObject *ann = PyList_GET_ITEM(anns, i), *k, *v;
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
        PyObject *type = PyDict_GetItemWithError(ann, k_type);
        PyObject *label = type ? PyDict_GetItemWithError(ann, k_label) : NULL;
        PyObject *attrs = label ? PyDict_GetItemWithError(ann, k_attrs) : NULL;
        PyObject *points = attrs ? PyDict_GetItemWithError(ann, k_points) : NULL;
        PyObject *id = points ? PyDict_GetItemWithError(ann, k_id) : NULL;
        if (PyErr_Occurred())
            goto done;
        if (id == NULL || !PyUnicode_CheckExact(type) || !PyUnicode_CheckExact(label) ||
            !PyDict_CheckExact(attrs) || !PyList_CheckExact(points) || !annotation_id_ok(id))
            goto reject;
        Py_ssize_t before = PySet_GET_SIZE(ids);
        if (PySet_Add(ids, id) < 0)
            goto done;
        if (PySet_GET_SIZE(ids) == before)
            goto reject;
        PyObject *track = PyDict_GetItemWithError(ann, k_track);
        if (track == NULL && PyErr_Occurred())
            goto done;
        if (track != NULL) {
            PyObject *seen = PyUnicode_CheckExact(track) ? str_tracks
                             : PyLong_CheckExact(track) ? int_tracks : NULL;
            if (seen == NULL)
                goto reject;
            before = PySet_GET_SIZE(seen);
            if (PySet_Add(seen, track) < 0)
                goto done;
            if (PySet_GET_SIZE(seen) == before)
                goto reject;
        }
        PyObject *key = PyTuple_Pack(2, type, label);
        if (key == NULL)
            goto done;
        PyObject *combo = PyDict_GetItemWithError(combos, key);
        Py_DECREF(key);
        if (combo == NULL) {
            if (PyErr_Occurred())
                goto done;
            goto reject;
        }
        /* Read directly, not with PyArg_ParseTuple: this runs for every annotation. */
        if (!PyTuple_CheckExact(combo) || PyTuple_GET_SIZE(combo) != 6 ||
            !PyFrozenSet_CheckExact(PyTuple_GET_ITEM(combo, 3)) ||
            !PyTuple_CheckExact(PyTuple_GET_ITEM(combo, 4))) {
            PyErr_SetString(PyExc_TypeError, "combos: (dims, least, exact, names, columns, box)");
            goto done;
        }
        Py_ssize_t dims = PyLong_AsSsize_t(PyTuple_GET_ITEM(combo, 0));
        Py_ssize_t least = PyLong_AsSsize_t(PyTuple_GET_ITEM(combo, 1));
        Py_ssize_t exact = PyLong_AsSsize_t(PyTuple_GET_ITEM(combo, 2));
        PyObject *names = PyTuple_GET_ITEM(combo, 3), *columns = PyTuple_GET_ITEM(combo, 4);
        int is_box = PyTuple_GET_ITEM(combo, 5) == Py_True;
        if (PyErr_Occurred())
            goto done;
        Py_ssize_t count = PyList_GET_SIZE(points);
        if (count < least || (exact >= 0 && count != exact))
            goto reject;
        /* attributes: names registered, required present, values valid */
        pos = 0;
        while (PyDict_Next(attrs, &pos, &k, &v)) {
            int in = PySet_Contains(names, k);
            if (in < 0)
                goto done;
            if (!in)
                goto reject;
        }
        Py_ssize_t colons = 0;
        for (Py_ssize_t c = 0; c < PyTuple_GET_SIZE(columns); c++) {
            PyObject *column = PyTuple_GET_ITEM(columns, c);
            if (!PyTuple_CheckExact(column) || PyTuple_GET_SIZE(column) != 7) {
                PyErr_SetString(PyExc_TypeError, "columns: 7-tuples");
                goto done;
            }
            PyObject *name = PyTuple_GET_ITEM(column, 0), *allowed = PyTuple_GET_ITEM(column, 2);
            int kind = (int)PyLong_AsLong(PyTuple_GET_ITEM(column, 1));
            double vlo = PyFloat_AsDouble(PyTuple_GET_ITEM(column, 3));
            double vhi = PyFloat_AsDouble(PyTuple_GET_ITEM(column, 4));
            int required = PyTuple_GET_ITEM(column, 5) == Py_True;
            Py_ssize_t name_colons = PyLong_AsSsize_t(PyTuple_GET_ITEM(column, 6));
            if (PyErr_Occurred())
                goto done;
            PyObject *value = PyDict_GetItemWithError(attrs, name);
            if (value == NULL) {
                if (PyErr_Occurred())
                    goto done;
                if (required)
                    goto reject;
                continue;
            }
            int ok = value_ok(value, kind, allowed, vlo, vhi, &colons);
            if (ok < 0)
                goto done;
            if (!ok)
                goto reject;
            colons += name_colons;
        }
        /* geometry */
        if (!points_valid(points, dims, lo, hi, has))
            goto reject;
        if (is_box) {
            double x1, y1, x2, y2;
            PyObject *p1 = PyList_GET_ITEM(points, 0), *p2 = PyList_GET_ITEM(points, 1);
            number_value(PyList_GET_ITEM(p1, 0), &x1);
            number_value(PyList_GET_ITEM(p1, 1), &y1);
            number_value(PyList_GET_ITEM(p2, 0), &x2);
            number_value(PyList_GET_ITEM(p2, 1), &y2);
            if (x1 > x2 || y1 > y2)
                goto reject;
        }
        counted += PyDict_GET_SIZE(ann) + PyDict_GET_SIZE(attrs) + colons;
    }
    result = PyLong_FromSsize_t(counted);
    goto done;
reject:
    result = Py_NewRef(Py_None);
done:
    Py_XDECREF(ids);
    Py_XDECREF(str_tracks);
    Py_XDECREF(int_tracks);
    return result;
}

static PyMethodDef methods[] = {
    {"points_ok", points_ok, METH_VARARGS,
     "points_ok(lists, dims, bounds) -> bool: lists of dims-number points within bounds."},
    {"annotations_ok", annotations_ok, METH_VARARGS,
     "annotations_ok(anns, fields, combos, bounds) -> members + colons, or None."},
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

"""Lists in pages whose cost does not grow with the data or the page number.

`paginate(request, queryset, per_page)` walks a list by its sort keys (keyset, or "seek",
pagination) instead of OFFSET: "next" asks for the rows after the last one shown, "previous"
for the rows before the first, and the last page is the first page of the reversed order,
so page 4,000 costs what page 1 costs when an index matches the ORDER BY. Links carry the
boundary row's sort values (`?setelah=` / `?sebelum=`) and the page number for display.

The total is exact up to COUNT_CAP rows (a count over at most that many rows); beyond it the
page says "lebih dari 10.000" or, for a list the user has not filtered, the planner's
estimate ("sekitar 100.000"): no exact COUNT(*) over a national table on every view.
"""

import base64
import json
import math
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import connections
from django.db.models import F, OrderBy, Q
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.utils.formats import number_format
from django.utils.translation import gettext as _

COUNT_CAP = 10_000
# A `?page=N` typed or bookmarked without a boundary row is served with OFFSET up to this
# many rows; further than that is the last page (as Django's paginator does past the end).
MAX_OFFSET = 1_000
ANNOTATED = "page_key_"  # an ordering expression is annotated under this name


@dataclass(frozen=True)
class Key:
    """One column of the ORDER BY: its lookup name, direction and where NULLs go."""

    name: str
    descending: bool
    nulls_last: bool
    field: object  # the model field (or expression's output field) that parses a value

    @property
    def nullable(self):
        return self.field.null

    def reversed(self):
        return Key(self.name, not self.descending, not self.nulls_last, self.field)

    def order(self, sort=False):
        """The ORDER BY term. `sort`: in a form no index matches (COALESCE(x, x) is x), so
        the planner reads the matching rows by their own index and sorts them."""
        column = Coalesce(F(self.name), F(self.name)) if sort else F(self.name)
        expression = column.desc() if self.descending else column.asc()
        # Say where NULLs go only when it is not PostgreSQL's default (last ascending,
        # first descending), so a plain index still serves a NOT NULL column.
        if self.nullable and self.nulls_last == self.descending:
            expression = OrderBy(
                column,
                descending=self.descending,
                nulls_last=self.nulls_last or None,
                nulls_first=(not self.nulls_last) or None,
            )
        return expression

    def after(self, value):
        """(rows strictly after `value` on this column, rows level with it)."""
        is_null = Q(**{f"{self.name}__isnull": True})
        if value is None:
            return (None if self.nulls_last else ~is_null), is_null
        beyond = Q(**{f"{self.name}__{'lt' if self.descending else 'gt'}": value})
        if self.nullable and self.nulls_last:
            beyond |= is_null
        return beyond, Q(**{self.name: value})

    def bound(self, value):
        """A condition an index range scan can start from (None if there is none)."""
        if value is None or (self.nullable and self.nulls_last):
            return None
        return Q(**{f"{self.name}__{'lte' if self.descending else 'gte'}": value})


def _field(model, name):
    """The model field behind a lookup such as `regency_id` or `village__name`."""
    *path, last = name.split("__")
    for part in path:
        model = model._meta.get_field(part).related_model
    return model._meta.pk if last == "pk" else model._meta.get_field(last)


def _keys(queryset):
    """The queryset's ORDER BY as Keys, ending with the primary key (so rows never tie),
    and the queryset with any ordering expression (e.g. a Case) annotated under a name."""
    model = queryset.model
    keys = []
    for index, item in enumerate(queryset.query.order_by or model._meta.ordering):
        if isinstance(item, str):
            descending, name = item.startswith("-"), item.lstrip("-")
            nulls_last, field = not descending, _field(model, name)
        elif isinstance(item, OrderBy):
            descending = item.descending
            nulls_last = bool(item.nulls_last) or (not descending and not item.nulls_first)
            if isinstance(item.expression, F):
                name = item.expression.name
                field = _field(model, name)
            else:
                name = f"{ANNOTATED}{index}"
                queryset = queryset.annotate(**{name: item.expression})
                field = item.expression.output_field
        else:
            raise ValueError(f"Cannot page by {item!r}.")
        keys.append(Key(name, descending, nulls_last, field))
        if name in ("pk", model._meta.pk.name):
            return keys, queryset
    last = keys[-1].descending if keys else False
    return [*keys, Key("pk", last, not last, model._meta.pk)], queryset


def _loading_keys(queryset, keys):
    """The queryset with the sort columns loaded (a link is built from them), even if it
    was restricted with only() or defer(): a deferred one would cost a query per page."""
    names, deferring = queryset.query.deferred_loading
    if not names:
        return queryset
    columns = {
        key.name if "__" in key.name else key.field.name
        for key in keys
        if key.name != "pk" and not key.name.startswith(ANNOTATED)
    }
    if deferring:
        return queryset.defer(None).defer(*(set(names) - columns))
    return queryset.only(*names, *columns)


def _value(row, name):
    for part in name.split("__"):
        row = getattr(row, part)
    return row


def _encode(keys, row):
    values = [_value(row, key.name) for key in keys]
    # Dates as ISO text, anything else JSON has no type for (a Decimal, a UUID) as text too.
    text = json.dumps(
        [v.isoformat() if hasattr(v, "isoformat") else v for v in values], default=str
    )
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _decode(keys, token):
    """The boundary row's values, or None for anything malformed (then: the first page)."""
    try:
        values = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        if not isinstance(values, list) or len(values) != len(keys):
            return None
        return [
            None if v is None else key.field.to_python(v)
            for key, v in zip(keys, values, strict=True)
        ]
    except (ValueError, TypeError, ValidationError):
        return None


def _seek(queryset, keys, values):
    """Rows after the boundary row in the order of `keys`."""
    condition, level = Q(pk__in=[]), Q()
    for key, value in zip(keys, values, strict=True):
        beyond, same = key.after(value)
        if beyond is not None:
            condition |= level & beyond
        level &= same
    bound = keys[0].bound(values[0])
    return queryset.filter(condition if bound is None else bound & condition)


def _count(queryset, estimate):
    """(exact count or None, the total as a phrase, a number for plural forms)."""
    if estimate:
        planned = _planned_rows(queryset)
        if planned and planned > COUNT_CAP * 5:
            shown = round(planned, 1 - len(str(int(planned))))  # two significant digits
            return (
                None,
                _("sekitar %(n)s") % {"n": number_format(shown, force_grouping=True)},
                shown,
            )
    n = queryset.order_by().values("pk")[: COUNT_CAP + 1].count()
    return _more_than_cap() if n > COUNT_CAP else _total(n)


def _planned_rows(queryset):
    """PostgreSQL's estimate of the rows (EXPLAIN, no scan); None elsewhere."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return None
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return plan[0]["Plan"]["Plan Rows"]


def _sorted_matches(queryset, keys):
    """The ids of every row of a searched list in the list's order (one scan, at most
    COUNT_CAP + 1 of them), or None off PostgreSQL.

    The matches are gathered first (a trigram index finds them) and sorted after, so the
    count and any page come from one scan. Each match carries its ctid, which only the
    table holds: otherwise PostgreSQL prefers reading a whole btree index that holds the
    searched column and filtering every entry (a common word: 64,000 entries, 51 ms)
    over the trigram index's 3,500 candidates (23 ms for count and order together)."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return None
    table = connection.ops.quote_name(queryset.model._meta.db_table)
    columns = {f"page_sort_{n}": F(key.name) for n, key in enumerate(keys)}
    inner = (
        queryset.order_by()
        .annotate(page_row_=RawSQL(f"{table}.ctid", ()))  # noqa: S611 - a quoted model table
        .values("page_row_", **columns)[: COUNT_CAP + 1]
    )
    sql, params = inner.query.sql_with_params()
    order = ", ".join(
        f"{name} {'DESC' if key.descending else 'ASC'}"
        f" NULLS {'LAST' if key.nulls_last else 'FIRST'}"
        for name, key in zip(columns, keys, strict=True)
    )
    # Only our own aliases and Django's SQL are joined here; the values travel as params.
    # MATERIALIZED: a plain subquery would drop the unused ctid, and the index-only plan
    # would come back.
    query = f"WITH matches AS MATERIALIZED ({sql}) SELECT {list(columns)[-1]} FROM matches ORDER BY {order}"  # noqa: S608, E501
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return [row[0] for row in cursor.fetchall()]


def _total(n):
    """(exact count, the total as a phrase, a number for plural forms) of `n` rows."""
    return n, number_format(n, force_grouping=True), n


def _more_than_cap():
    text = _("lebih dari %(n)s") % {"n": number_format(COUNT_CAP, force_grouping=True)}
    return None, text, COUNT_CAP + 1


class Page:
    """What the templates use: rows, the total, a label and the four links."""

    def __init__(self, request, rows, *, number, has_previous, has_next, keys, total):
        self.object_list = rows
        self.number = number  # from the start (1, 2, ...) or from the end (-1 = last)
        self.has_previous, self.has_next = has_previous, has_next
        self.count, self.count_text, self.total = total
        self._request, self._keys = request, keys

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    def has_other_pages(self):
        return self.has_previous or self.has_next

    @property
    def label(self):
        if self.number > 0:
            if self.num_pages:
                return _("Halaman %(n)s dari %(total)s") % {
                    "n": self.number,
                    "total": self.num_pages,
                }
            return _("Halaman %(n)s") % {"n": self.number}
        if self.number == -1:
            return _("Halaman terakhir")
        return _("Halaman ke-%(n)s dari akhir") % {"n": -self.number}

    @property
    def num_pages(self):
        return math.ceil(self.count / self.per_page) if self.count else None

    def _url(self, **params):
        query = self._request.GET.copy()
        for name in ("page", "setelah", "sebelum"):
            query.pop(name, None)
        query.update({k: v for k, v in params.items() if v is not None})
        return "?" + query.urlencode() if query else self._request.path

    def first_url(self):
        return self._url()

    def last_url(self):
        return self._url(page=self.num_pages or -1)

    def next_url(self):
        return self._url(page=self.number + 1, setelah=_encode(self._keys, self.object_list[-1]))

    def previous_url(self):
        if self.number == 2:
            return self.first_url()
        return self._url(page=self.number - 1, sebelum=_encode(self._keys, self.object_list[0]))


def paginate(request, queryset, per_page, *, estimate=False, search=None):
    """The page the request asks for. `estimate`: the list is not filtered by the user, so
    past COUNT_CAP the planner's row estimate is a fair total ("sekitar …").

    `search`: the column a text search narrowed the list by (a trigram index finds the
    rows, none orders them). When the list is sorted by that column and the count is
    exact (at most COUNT_CAP matches), the page sorts the matches instead of walking the
    sort index: the planner assumes matches are spread evenly along that index, but
    names sharing words sit together in name order, so "jaya makmur" read half the name
    index for one page (30,000-54,000 buffers, 70-210 ms at 100,000 KIM). On PostgreSQL,
    when the planner expects at most COUNT_CAP matches, they are gathered once and sorted
    (`_sorted_matches`): their number is the total and the page's ids are picked among
    them, so a common word ("Sejahtera", 3,450 of 100,000 KIM) costs one scan instead of a
    count and a sort (141 -> 48 ms for the directory page). Elsewhere the page's ids are
    picked among the sorted matches before the related rows are joined. Past
    COUNT_CAP the matches are dense and the walk meets a page of them soon; in another
    order (a date) they are spread along it, and the planner weighs the walk right."""
    keys, queryset = _keys(queryset)
    queryset = _loading_keys(queryset, keys)
    searched = any(key.name == search for key in keys)
    # Past COUNT_CAP by the planner's estimate, the capped count stops early and the
    # walk meets a page of dense matches soon: no use gathering and sorting them all.
    planned = _planned_rows(queryset) if searched else None
    matches = _sorted_matches(queryset, keys) if planned and planned <= COUNT_CAP else None
    if matches is None:
        total = _count(queryset, estimate)
    elif len(matches) > COUNT_CAP:
        total, matches = _more_than_cap(), None
    else:
        total = _total(len(matches))
    sort = searched and total[0] is not None
    ordered = queryset.order_by(*(key.order(sort) for key in keys))
    backwards = ordered.order_by(*(key.reversed().order(sort) for key in keys))
    num_pages = math.ceil(total[0] / per_page) if total[0] else None
    try:
        number = int(request.GET.get("page", 1))
    except ValueError:
        number = 1
    number = number or 1
    after = _decode(keys, request.GET.get("setelah", ""))
    before = _decode(keys, request.GET.get("sebelum", ""))

    def rows_of(query, start, stop):
        if sort:  # the page's ids first (sorted without joins), then their rows
            query = query.filter(pk__in=query.values("pk")[start:stop])
            start, stop = 0, stop - start
        return list(query[start:stop])

    def page(rows, number, has_previous, has_next):
        result = Page(
            request,
            rows,
            number=number,
            has_previous=has_previous,
            has_next=has_next,
            keys=keys,
            total=total,
        )
        result.per_page = per_page
        return result

    def from_end(query, number):
        rows = rows_of(query, 0, per_page + 1)
        if len(rows) <= per_page:  # reached the start: show the real first page
            return first()
        return page(rows[:per_page][::-1], number, True, True)

    def first(offset=0, number=1):
        rows = rows_of(ordered, offset, offset + per_page + 1)
        return page(rows[:per_page], number, number > 1, len(rows) > per_page)

    if matches is not None:
        return _page_of_matches(matches, ordered, page, per_page, number, after, before)
    if after is not None and number != 1:
        rows = rows_of(_seek(ordered, keys, after), 0, per_page + 1)
        if rows:
            return page(rows[:per_page], number, True, len(rows) > per_page)
        number = -1  # the rows after it are gone: the last page
    elif before is not None and number != 1:
        result = from_end(_seek(backwards, [key.reversed() for key in keys], before), number)
        result.has_next = True
        return result
    if number == 1:
        return first()
    if number < 0 or (num_pages and number >= num_pages) or (number - 1) * per_page > MAX_OFFSET:
        if num_pages:  # the rows left over, as page numbers from the start would hold
            rows = rows_of(backwards, 0, total[0] - (num_pages - 1) * per_page)
            return page(rows[::-1], num_pages, num_pages > 1, False) if num_pages > 1 else first()
        rows = rows_of(backwards, 0, per_page + 1)
        if len(rows) <= per_page:
            return first()
        return page(rows[:per_page][::-1], -1, True, False)
    return first((number - 1) * per_page, number)


def _page_of_matches(matches, ordered, page, per_page, number, after, before):
    """The page the request asks for, placed by the searched list's sorted ids: a boundary
    row still among them continues from it; otherwise the page number (past the end or
    from the end: the last page)."""
    at = {pk: index for index, pk in enumerate(matches)}
    last_start = max(math.ceil(len(matches) / per_page) - 1, 0) * per_page
    if after is not None and number != 1 and after[-1] in at:
        start = at[after[-1]] + 1
    elif before is not None and number != 1 and before[-1] in at:
        start = max(at[before[-1]] - per_page, 0)
    elif number < 0:
        start = last_start
    else:
        start = (number - 1) * per_page
    start = min(start, last_start)
    ids = matches[start : start + per_page]
    rows = list(ordered.filter(pk__in=ids)) if ids else []
    return page(rows, start // per_page + 1, start > 0, start + per_page < len(matches))

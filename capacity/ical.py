"""Events as iCalendar (RFC 5545, the `icalendar` library): one file per event for phone
calendars, and a feed per organiser that calendar apps subscribe to."""

import datetime
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

PRODID = "-//Portal KIM//Kegiatan peningkatan kapasitas//ID"


def event_url(event):
    return settings.SITE_URL + reverse("capacity:event-detail", args=[event.pk])


def _vevent(event, *, with_link):
    from icalendar import Event as VEvent

    item = VEvent()
    item.add("uid", f"kegiatan-{event.pk}@{settings.SITE_URL.split('://')[-1]}")
    item.add("dtstamp", timezone.now())
    item.add("dtstart", timezone.localtime(event.starts_at))
    item.add("dtend", timezone.localtime(event.ends_at))
    item.add("summary", f"{event.get_kind_display()}: {event.title}")
    where = event.venue or (_("Daring") if event.online_link else "")
    if where:
        item.add("location", where)
    lines = [event.theme, _("Penyelenggara: %(o)s") % {"o": event.organiser_name}]
    lines.append(_("JP: %(n)s") % {"n": event.hours_jp})
    if with_link and event.online_link:
        lines.append(_("Tautan daring: %(u)s") % {"u": event.online_link})
    lines.append(event_url(event))
    item.add("description", "\n".join(line for line in lines if line))
    item.add("url", event_url(event))
    item.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    item.add("last-modified", event.updated_at)
    return item


def calendar_bytes(events, *, name, with_link=False):
    from icalendar import Calendar

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    for event in events:
        cal.add_component(_vevent(event, with_link=with_link))
    return cal.to_ical()


def share_text(event):
    """The WhatsApp message: what, when, where, and the registration link."""
    start = timezone.localtime(event.starts_at)
    end = timezone.localtime(event.ends_at)
    if start.date() == end.date():
        when = _("%(day)s, pukul %(start)s–%(end)s WIB") % {
            "day": formats.date_format(start, "l, j F Y"),
            "start": formats.time_format(start, "TIME_FORMAT"),
            "end": formats.time_format(end, "TIME_FORMAT"),
        }
    else:
        when = _("%(start)s – %(end)s") % {
            "start": formats.date_format(start, "j F Y"),
            "end": formats.date_format(end, "j F Y"),
        }
    lines = [
        f"*{event.get_kind_display()}: {event.title}*",
        event.theme,
        f"🗓 {when}",
        f"📍 {event.venue}" if event.venue else f"💻 {_('Daring')}",
        _("Penyelenggara: %(o)s") % {"o": event.organiser_name},
        _("Kuota %(q)s peserta · %(jp)s JP") % {"q": event.quota, "jp": event.hours_jp},
    ]
    if event.registration_is_open():
        closes = timezone.localtime(event.registration_closes)
        lines.append(
            _("Pendaftaran lewat pengelola KIM sampai %(d)s:")
            % {"d": formats.date_format(closes, "DATETIME_FORMAT")}
        )
    lines.append(event_url(event))
    return "\n".join(line for line in lines if line)


def whatsapp_url(event):
    return "https://wa.me/?" + urlencode({"text": share_text(event)})


def month_key(moment):
    moment = timezone.localtime(moment) if isinstance(moment, datetime.datetime) else moment
    return f"{moment.year:04d}-{moment.month:02d}"

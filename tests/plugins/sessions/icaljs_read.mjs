// Reads an iCalendar document on stdin with ical.js (Mozilla's parser, used by Thunderbird)
// and prints its events as JSON, times converted to UTC through the document's own VTIMEZONEs.
// Fails (exit 1) on anything ical.js cannot read.
import ICAL from "ical.js";

let text = "";
for await (const chunk of process.stdin) text += chunk;

const calendar = new ICAL.Component(ICAL.parse(text));
for (const vtimezone of calendar.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(new ICAL.Timezone(vtimezone));
}
const utc = (time) => (time.isDate ? time.toString() : time.toJSDate().toISOString());
const events = calendar.getAllSubcomponents("vevent").map((vevent) => {
  const event = new ICAL.Event(vevent);
  if (!event.uid || !vevent.getFirstPropertyValue("dtstamp")) {
    throw new Error(`an event without UID or DTSTAMP: ${event.summary}`);
  }
  return {
    uid: event.uid,
    summary: event.summary,
    status: vevent.getFirstPropertyValue("status"),
    sequence: event.sequence,
    tzid: event.startDate.isDate ? null : event.startDate.zone.tzid,
    all_day: event.startDate.isDate,
    start: utc(event.startDate),
    end: utc(event.endDate),
    location: event.location,
    description: event.description,
    url: vevent.getFirstPropertyValue("url"),
  };
});
console.log(JSON.stringify(events));

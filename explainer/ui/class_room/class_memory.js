// What this browser keeps of its class, as a cookie of this site (never sent elsewhere): the class's code, the phone's
// anonymous answer token, and on the projector the teacher's secret. The browser sends it when it opens a connection,
// so a new server session (a reload, or a replica that took over from a dead one) knows them from its first run.
// The server says what to keep (`keep`), or to `forget` the class it left; nothing: leave it as it is.
const HOURS = 8; // a class lasts a lecture; an idle one is deleted after 4 hours

function current(name) {
  const entry = document.cookie.split("; ").find((pair) => pair.startsWith(`${name}=`));
  return entry === undefined ? null : entry.slice(name.length + 1);
}

export default function ({ data }) {
  const { keep, forget, cookie } = data;
  if (forget && current(cookie) !== null) {
    document.cookie = `${cookie}=; path=/; max-age=0; SameSite=Lax`;
  } else if (keep) {
    const value = encodeURIComponent(JSON.stringify(keep));
    if (current(cookie) !== value) document.cookie = `${cookie}=${value}; path=/; max-age=${HOURS * 3600}; SameSite=Lax`;
  }
}

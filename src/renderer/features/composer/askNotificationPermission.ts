// Asks once, when the first agent starts, whether agents may notify: that is
// when the reason is clear to the person.

export function askNotificationPermission(): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'default') return;
  void Notification.requestPermission().catch(() => undefined);
}

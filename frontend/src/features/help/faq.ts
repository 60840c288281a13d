export const FAQ: { q: string; a: string }[] = [
  {
    q: 'How long does a request take?',
    a: 'An admin approves it first (you get a notification), then the server downloads it. Most titles are ready within a few hours of approval; older or rare ones can take longer.',
  },
  {
    q: 'Why is the Request button greyed out?',
    a: 'Requests go through Overseerr. When it is down, requesting is turned off so nothing gets lost. Try again later; the Dashboard shows when it is back up.',
  },
  {
    q: 'Is there a limit on requests?',
    a: 'Yes, a number per hour for each person, so the server is not overwhelmed. If you reach it, MediaNest tells you the time when you can request again.',
  },
  {
    q: 'I requested a show. Will new seasons come automatically?',
    a: 'If you chose "All seasons", future seasons are included. If you picked specific seasons, request new ones when they come out.',
  },
  {
    q: 'A title says Available but I cannot find it in Plex.',
    a: 'Plex may still be scanning it in. Wait a few minutes, then refresh your Plex app. If it still does not show, tell an admin.',
  },
  {
    q: 'Can I cancel a request?',
    a: 'Yes, while it is still pending approval: open My requests and select Cancel. Once approved it can no longer be cancelled here.',
  },
  {
    q: "Plex sign-in says my account isn't shared with me.",
    a: 'The Plex account you used has no access to this server. Ask the owner to share their library with that account (or sign in to Plex with the account they shared with).',
  },
];

// Applies the stored theme before the first paint (kept external so a strict CSP allows it).
(function () {
  var stored;
  try {
    stored = localStorage.getItem('medianest-theme');
  } catch (e) {
    stored = null;
  }
  var prefersLight = Boolean(window.matchMedia) && window.matchMedia('(prefers-color-scheme: light)').matches;
  var dark = stored === 'dark' || stored === 'light' ? stored === 'dark' : !prefersLight;
  document.documentElement.classList.toggle('dark', dark);
  document.documentElement.style.colorScheme = dark ? 'dark' : 'light';
})();

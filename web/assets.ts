import { createHash } from 'node:crypto';
import type { Hono } from 'hono';

/**
 * The stylesheet of every client page: mobile first, one column, system fonts, AA contrasts
 * (text #1d1d1f, accents #1f3a5f on white), a visible focus ring, 44 px touch targets.
 */
const css = `
*,*::before,*::after{box-sizing:border-box}
html{font-size:100%;-webkit-text-size-adjust:100%}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;line-height:1.5;color:#1d1d1f;background:#f4f6f9}
a{color:#1f3a5f;text-underline-offset:2px}
a:hover{color:#0f2440}
:focus-visible{outline:3px solid #b34700;outline-offset:2px}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.75rem 1rem;z-index:10}
.skip:focus{left:.5rem;top:.5rem}
header.site{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:.5rem;background:#1f3a5f;color:#fff;padding:.75rem 1rem}
.brand{display:flex;align-items:center;gap:.75rem;min-width:0}
.logo{max-height:40px;max-width:120px;background:#fff;border-radius:4px;padding:2px}
.firm{font-weight:700;font-size:1.125rem}
.signout{display:flex;align-items:center;gap:.5rem;flex-wrap:wrap}
.who{font-size:.9375rem}
.link-button{background:none;border:1px solid #fff;color:#fff;border-radius:4px;min-height:44px;padding:.25rem .75rem;font:inherit;cursor:pointer}
nav.site-nav{background:#fff;border-bottom:1px solid #c9d1db}
nav.site-nav ul{list-style:none;margin:0 auto;padding:0 .5rem;display:flex;flex-wrap:wrap;max-width:48rem}
nav.site-nav a{display:inline-flex;align-items:center;min-height:44px;padding:0 .75rem;text-decoration:none;font-weight:600}
nav.site-nav a[aria-current=page]{border-bottom:3px solid #1f3a5f}
main{display:block;max-width:48rem;margin:0 auto;padding:1rem}
main:focus{outline:none}
h1{font-size:1.5rem;color:#1f3a5f;margin:.5rem 0 1rem}
h2{font-size:1.25rem;color:#1f3a5f;margin:1.5rem 0 .75rem}
h3{font-size:1.0625rem;margin:1rem 0 .5rem}
.card{background:#fff;border:1px solid #c9d1db;border-radius:6px;padding:1rem;margin:0 0 1rem}
.cards{list-style:none;margin:0;padding:0}
.meta{color:#4a4f57;font-size:.9375rem;margin:.25rem 0}
.badge{display:inline-block;border-radius:999px;padding:.125rem .625rem;font-size:.875rem;font-weight:600;background:#e3e8ef;color:#1d1d1f}
.badge-late{background:#fde2e1;color:#8a1116}
.badge-done{background:#dcf1e3;color:#14532d}
.notice{border-radius:6px;padding:.75rem 1rem;margin:0 0 1rem;border:1px solid}
.notice-error{background:#fdecea;border-color:#a4161a;color:#7a1013}
.notice-ok{background:#e8f5ec;border-color:#1e6b3a;color:#14532d}
label{display:block;font-weight:600;margin:.75rem 0 .25rem}
.hint{display:block;color:#4a4f57;font-size:.9375rem;margin:0 0 .5rem}
input[type=email],input[type=text],textarea,select{width:100%;font:inherit;padding:.625rem;border:1px solid #6b7280;border-radius:4px;background:#fff;color:#1d1d1f;min-height:44px}
input[type=file]{font:inherit;min-height:44px;max-width:100%}
textarea{min-height:8rem}
.button{display:inline-flex;align-items:center;justify-content:center;min-height:44px;padding:.5rem 1.25rem;border:0;border-radius:4px;background:#1f3a5f;color:#fff;font:inherit;font-weight:700;text-decoration:none;cursor:pointer;margin-top:1rem}
.button:hover{background:#0f2440;color:#fff}
.field-error{color:#a4161a;font-weight:600;margin:.25rem 0}
progress{width:100%;height:1rem}
.files{list-style:none;padding:0;margin:.5rem 0}
.files li{margin:.25rem 0}
.answer{border-left:4px solid #1f3a5f;padding-left:.75rem;margin:.75rem 0}
.folder{margin:0 0 1rem}
footer.site{max-width:48rem;margin:2rem auto 0;padding:1rem;color:#4a4f57;font-size:.875rem}
.visually-hidden{position:absolute!important;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0}
@media (min-width:40rem){main{padding:1.5rem}h1{font-size:1.75rem}}
`;

/**
 * The one script: progressive enhancement of upload forms (`form[data-upload]`). Without it the
 * form posts normally. With it, chosen files are checked against the limits the page states
 * (`data-max-files`, `data-max-bytes`, `data-max-total`), and the upload goes through
 * XMLHttpRequest so a `<progress>` bar and a live region report its advance; the server's answer
 * (a redirect to the request page, or an error page) then replaces the page.
 */
const js = `
(function(){
  function mb(n){return (n/1048576).toLocaleString('fr-FR',{maximumFractionDigits:1})+' Mo'}
  document.querySelectorAll('form[data-upload]').forEach(function(form){
    var input=form.querySelector('input[type=file]');
    var status=form.querySelector('[data-upload-status]');
    var bar=form.querySelector('progress');
    var maxFiles=+form.getAttribute('data-max-files'),maxBytes=+form.getAttribute('data-max-bytes'),maxTotal=+form.getAttribute('data-max-total');
    function problem(){
      if(!input||!input.files)return '';
      var files=Array.prototype.slice.call(input.files),total=0;
      if(files.length>maxFiles)return 'Vous pouvez joindre au plus '+maxFiles+' fichiers.';
      for(var i=0;i<files.length;i++){total+=files[i].size;if(files[i].size>maxBytes)return 'Le fichier « '+files[i].name+' » dépasse '+mb(maxBytes)+'.';}
      if(total>maxTotal)return 'L’ensemble des fichiers dépasse '+mb(maxTotal)+'.';
      return '';
    }
    if(input)input.addEventListener('change',function(){var p=problem();input.setCustomValidity(p);if(status)status.textContent=p;});
    form.addEventListener('submit',function(event){
      var p=problem();
      if(p){event.preventDefault();if(status)status.textContent=p;return;}
      if(!window.XMLHttpRequest||!window.FormData)return;
      event.preventDefault();
      var xhr=new XMLHttpRequest();
      var button=form.querySelector('button[type=submit]');
      if(button)button.disabled=true;
      if(bar){bar.hidden=false;bar.value=0;}
      xhr.upload.addEventListener('progress',function(e){
        if(!e.lengthComputable)return;
        var pct=Math.round(e.loaded*100/e.total);
        if(bar)bar.value=pct;
        if(status)status.textContent='Envoi en cours : '+pct+' % ('+mb(e.loaded)+' sur '+mb(e.total)+')';
      });
      xhr.addEventListener('load',function(){
        if(xhr.status<400&&xhr.responseURL){window.location.assign(xhr.responseURL);return;}
        document.open();document.write(xhr.responseText);document.close();
      });
      xhr.addEventListener('error',function(){
        if(button)button.disabled=false;
        if(status)status.textContent='L’envoi a échoué (connexion interrompue). Vérifiez votre connexion et réessayez.';
      });
      xhr.open('POST',form.action);
      xhr.send(new FormData(form));
    });
  });
})();
`;

const version = (body: string) => createHash('sha256').update(body).digest('hex').slice(0, 12);

/** The assets' URLs, versioned by content so they can be cached for a year. */
export const ASSETS = { css: `/portail/ressources/portail-${version(css)}.css`, js: `/portail/ressources/envoi-${version(js)}.js` } as const;

/** Serves the stylesheet and the script at their versioned URLs (on the router mounted at /portail). */
export function mountAssets(router: Hono<never>): void {
  const cache = { 'Cache-Control': 'public, max-age=31536000, immutable' };
  router.get(ASSETS.css.replace('/portail', ''), (c) => c.body(css, 200, { ...cache, 'Content-Type': 'text/css; charset=utf-8' }));
  router.get(ASSETS.js.replace('/portail', ''), (c) => c.body(js, 200, { ...cache, 'Content-Type': 'text/javascript; charset=utf-8' }));
}

/* serve_page.c: the report page, self-contained (no external scripts or
 * fonts): the text with every actor mention coloured by its tonality, quotes
 * with their speaker on hover, a strip of paragraph tones, and an SVG chart
 * of each actor's tonality and stance. `haltung serve` answers GET / with a
 * page that posts an article to /v1/score and renders the answer;
 * `haltung score --format html` writes the same report with the result
 * built in. Offsets in the JSON count code points, so the script slices
 * Array.from(text), not the UTF-16 string. */
#include "cli/serve_page.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "features/text.h"

#define HEAD \
"<!DOCTYPE html>\n<html lang=\"de\"><head><meta charset=\"utf-8\">\n" \
"<title>haltung</title>\n<style>\n" \
"body{font:16px/1.5 sans-serif;margin:2em auto;max-width:60em;padding:0 1em;color:#222}\n" \
"textarea{width:100%;height:12em;font:inherit}\n" \
"button{font:inherit;padding:.3em 1.2em;margin:.5em 0}\n" \
"#text p{margin:.4em 0}\n" \
".m{border-radius:3px;padding:0 2px}\n" \
".pos{background:#c8eac0}.neg{background:#f4c4c0}.neu{background:#e2e4ea}\n" \
".q{border-bottom:2px dotted #777}\n" \
"#strip span{display:inline-block;width:14px;height:14px;margin-right:2px;border-radius:2px}\n" \
"table{border-collapse:collapse}td,th{padding:.2em .6em;text-align:left}\n" \
"</style></head><body>\n"

#define REPORT \
"<div id=\"report\" hidden>\n" \
"<h2>Ton: <span id=\"tone\"></span></h2>\n<div id=\"strip\"></div>\n" \
"<h2>Akteure</h2>\n<div id=\"chart\"></div>\n<table id=\"actors\"></table>\n" \
"<h2>Text</h2>\n<div id=\"text\"></div>\n</div>\n"

#define RENDER \
"function cls(s){return !s?'neu':s.label==='positive'||s.label==='favor'?'pos':s.label==='negative'||s.label==='against'?'neg':'neu'}\n" \
"function esc(t){return t.replace(/[&<>\"]/g,c=>({'&':'&amp;','<':'&lt;','>':'&gt;','\"':'&quot;'}[c]))}\n" \
"function render(text,r){\n" \
" const cps=Array.from(text);\n" \
" document.getElementById('tone').textContent=r.tone?r.tone.label+' ('+r.tone.score+')':'-';\n" \
" document.getElementById('strip').innerHTML=r.paragraphs.map(p=>'<span class=\"'+cls(p.tone)+'\" title=\"'+esc(p.kind+': '+(p.tone?p.tone.label:''))+'\"></span>').join('');\n" \
" const actors=r.actors||[],marks=[];\n" \
" actors.forEach(a=>{a.mentions.forEach(m=>marks.push({s:m.start,e:m.end,n:marks.length,open:'<span class=\"m '+cls(a.tonality)+'\" title=\"'+esc(a.name+' ('+a.type+')')+'\">',close:'</span>'}));\n" \
"  a.quotes.forEach(q=>marks.push({s:q.start,e:q.end,n:marks.length,open:'<span class=\"q\" title=\"'+esc(a.name)+'\">',close:'</span>'}))});\n" \
" const opens={},closes={};marks.forEach(k=>{(opens[k.s]=opens[k.s]||[]).push(k);(closes[k.e]=closes[k.e]||[]).push(k)});\n" \
" /* spans that start together open the longer first and close the later-opened first, so a quote\n" \
"    that begins with a name holds its highlight */\n" \
" Object.values(opens).forEach(l=>l.sort((a,b)=>(b.e-a.e)||(a.n-b.n)));Object.values(closes).forEach(l=>l.sort((a,b)=>(b.s-a.s)||(a.e-b.e)||(b.n-a.n)));\n" \
" let html='';for(let i=0;i<=cps.length;i++){(closes[i]||[]).forEach(k=>html+=k.close);(opens[i]||[]).forEach(k=>html+=k.open);if(i<cps.length)html+=cps[i]==='\\n'?'<br>':esc(cps[i])}\n" \
" document.getElementById('text').innerHTML=html;\n" \
" const rows=actors.map(a=>'<tr><td>'+esc(a.name)+'</td><td>'+a.type+'</td><td>'+a.mention_count+'</td><td class=\"'+cls(a.tonality)+'\">'+(a.tonality?a.tonality.label:'-')+'</td><td>'+(a.stance?a.stance.label+(a.stance_speaker?' (as '+esc(a.stance_speaker)+')':''):'-')+'</td></tr>');\n" \
" const topic=r.stance_topic?'<caption>Haltung gegen&uuml;ber '+(r.stance_topic.from==='given'?'dem Thema':'Schlagzeile und Vorspann')+': '+esc(r.stance_topic.text)+'</caption>':'';\n" \
" document.getElementById('actors').innerHTML=topic+'<tr><th>Akteur</th><th>Typ</th><th>Nennungen</th><th>Tonalit&auml;t</th><th>Haltung</th></tr>'+rows.join('');\n" \
" const w=420,h=22*actors.length+34;let svg='<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"'+(w+200)+'\" height=\"'+h+'\">';\n" \
" svg+='<g font-size=\"11\"><rect x=\"200\" y=\"2\" width=\"10\" height=\"8\" fill=\"#6a6\"/><rect x=\"211\" y=\"2\" width=\"10\" height=\"8\" fill=\"#d66\"/><text x=\"226\" y=\"10\">Tonalit&#228;t</text>'\n" \
"  +'<rect x=\"310\" y=\"2\" width=\"10\" height=\"8\" fill=\"#66a\"/><rect x=\"321\" y=\"2\" width=\"10\" height=\"8\" fill=\"#a66\"/><text x=\"336\" y=\"10\">Haltung</text>'\n" \
"  +'<text x=\"200\" y=\"24\">-1</text><text x=\"'+(200+w/2-3)+'\" y=\"24\">0</text><text x=\"'+(200+w-14)+'\" y=\"24\">+1</text></g>';\n" \
" actors.forEach((a,i)=>{const y=i*22+29,t=a.tonality?a.tonality.score:0,s=a.stance?a.stance.score:0;\n" \
"  svg+='<text x=\"0\" y=\"'+(y+12)+'\" font-size=\"12\">'+esc(a.name)+'</text>';\n" \
"  svg+='<line x1=\"'+(200+w/2)+'\" y1=\"'+y+'\" x2=\"'+(200+w/2)+'\" y2=\"'+(y+18)+'\" stroke=\"#999\"/>';\n" \
"  svg+='<rect x=\"'+(200+w/2+Math.min(0,t)*w/2)+'\" y=\"'+y+'\" width=\"'+Math.abs(t)*w/2+'\" height=\"8\" fill=\"'+(t<0?'#d66':'#6a6')+'\"><title>Tonalit&auml;t '+t+'</title></rect>';\n" \
"  svg+='<rect x=\"'+(200+w/2+Math.min(0,s)*w/2)+'\" y=\"'+(y+9)+'\" width=\"'+Math.abs(s)*w/2+'\" height=\"8\" fill=\"'+(s<0?'#a66':'#66a')+'\"><title>Haltung '+s+'</title></rect>'});\n" \
" document.getElementById('chart').innerHTML=svg+'</svg>';\n" \
" document.getElementById('report').hidden=false}\n"

const char ht_serve_page[] =
HEAD
"<h1>haltung</h1>\n"
"<textarea id=\"in\" placeholder=\"Artikel hier einf&uuml;gen\"></textarea><br>\n"
"<button id=\"go\">Analysieren</button>\n"
"<label><input type=\"checkbox\" id=\"toneonly\"> nur der Ton (ohne Akteure)</label> <span id=\"status\"></span>\n"
REPORT
"<script>\n"
RENDER
"async function go(){const text=document.getElementById('in').value,st=document.getElementById('status');\n"
" st.textContent='...';const url='/v1/score'+(document.getElementById('toneonly').checked?'?tone_only':'');\n"
" const res=await fetch(url,{method:'POST',headers:{'Content-Type':'text/plain; charset=utf-8'},body:text});\n"
" const r=await res.json();if(!res.ok){st.textContent=r.error;return}st.textContent='';render(text,r)}\n"
"document.getElementById('go').onclick=go;\n"
"const P=new URLSearchParams(location.search),q=P.get('text');\n"
"if(P.has('tone_only'))document.getElementById('toneonly').checked=true;\n"
"if(q){document.getElementById('in').value=q;go()}\n"
"</script>\n</body></html>\n";

/* s as a JSON string safe inside <script>: '<' escaped, each invalid byte
 * (strictly: overlong forms and surrogates too) as one U+FFFD, as the
 * offsets count them. */
static void put_js_string(FILE *f, const char *s, size_t n)
{
    fputc('"', f);
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        int k;
        int32_t cp = ht_utf8_decode(s, n, i, &k);
        if (cp == 0xfffd && k == 1 && c >= 0x80)
            fputs("\\ufffd", f);
        else if (k > 1)
            fwrite(s + i, 1, (size_t)k, f);
        else if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c < 0x20 || c == '<' || c == '>' || c == '&')
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
        i += (size_t)k;
    }
    fputc('"', f);
}

/* The page's list of articles: ARTICLES holds [text, result] pairs; a picker
 * shows one at a time (hidden when there is one), an error record its message. */
#define PICKER \
"<p><select id=\"pick\" hidden></select> <span id=\"count\"></span></p>\n" \
"<p id=\"err\" hidden></p>\n"

#define SHOW \
"const pick=document.getElementById('pick');\n" \
"ARTICLES.forEach((a,i)=>{const o=document.createElement('option');o.value=i;\n" \
" o.textContent=(i+1)+': '+(a[1].id===null?'Artikel '+(i+1):a[1].id)+(a[1].error?' (Fehler)':'');pick.appendChild(o)});\n" \
"pick.hidden=ARTICLES.length<2;\n" \
"document.getElementById('count').textContent=ARTICLES.length===1?'':ARTICLES.length+' Artikel';\n" \
"function show(i){const a=ARTICLES[i],e=document.getElementById('err');e.hidden=!a[1].error;\n" \
" if(a[1].error){e.textContent='Fehler: '+a[1].error;document.getElementById('report').hidden=true}else render(a[0],a[1])}\n" \
"pick.onchange=()=>show(+pick.value);\n" \
"if(ARTICLES.length)show(0);\n"

int ht_html_begin(FILE *f)
{
    fputs(HEAD "<h1>haltung</h1>\n" PICKER REPORT "<script>\n" RENDER "const ARTICLES=[\n", f);
    return ferror(f) ? -1 : 0;
}

int ht_html_article(FILE *f, const char *text, size_t text_len, const char *json, size_t json_len)
{
    fputc('[', f);
    put_js_string(f, text, text_len);
    fputc(',', f);
    /* the JSON is valid UTF-8 already; only what could end the script changes */
    for (size_t i = 0; i < json_len; i++) {
        if (json[i] == '<')
            fputs("\\u003c", f);
        else if (json[i] != '\n')
            fputc(json[i], f);
    }
    fputs("],\n", f);
    return ferror(f) ? -1 : 0;
}

int ht_html_end(FILE *f)
{
    fputs("];\n" SHOW "</script>\n</body></html>\n", f);
    return ferror(f) ? -1 : 0;
}

/* lexicon.c: the built-in closed-class word lists (see lexicon.h). */
#include "classifier/lexicon.h"

#define SPEECH_FINITE                                                                        \
    "sagte sagten sagt sagen erklärte erklärten erklärt erklären betonte betonten betont "   \
    "betonen kritisierte kritisierten kritisiert kritisieren warnte warnten warnt warnen "   \
    "forderte forderten fordert fordern behauptete behaupteten behauptet behaupten meinte "  \
    "meinten meint äußerte äußerten äußert bestätigte bestätigten bestätigt bekräftigte "    \
    "bekräftigten bekräftigt unterstrich unterstrichen versicherte versicherten versichert " \
    "erwiderte erwiderten erwidert antwortete antworteten antwortet entgegnete entgegneten " \
    "schrieb schrieben schreibt twitterte bezeichnete bezeichneten bezeichnet ergänzte "     \
    "ergänzten ergänzt verkündete verkündeten verkündet mahnte mahnten mahnt appellierte "   \
    "beklagte beklagten beklagt bemängelte lobte lobten lobt erläuterte erläutert "          \
    "berichtete berichteten berichtet verwies kommentierte dementierte bestritt beteuerte "  \
    "drohte versprach verlangte verlangt sprach bilanzierte resümierte argumentierte "       \
    "zitierte urteilte folgerte nannte nannten nennt konterte konterten kontert monierte "  \
    "monierten moniert präzisierte relativierte prognostizierte vermutete vermuteten "    \
    "befürchtete befürchteten hoffte hofften bezweifelte bezweifelten widersprach "  \
    "widersprachen mitteilte mitteilten ankündigte ankündigten hinzufügte klarstellte "  \
    "einräumte einräumten bekanntgab erzählte erzählten schilderte schilderten fragte "   \
    "fragten meldete meldeten"

#define SPEECH_PARTICIPLE                                                                   \
    "gesagt gefordert gewarnt geäußert geschrieben angekündigt mitgeteilt hinzugefügt "    \
    "klargestellt betont erklärt kritisiert behauptet bestätigt bekräftigt versichert "    \
    "gemahnt bezeichnet"

static const ht_lexicon_group groups[] = {
    { HT_W_SPEECH | HT_W_FINITE, SPEECH_FINITE },
    { HT_W_SPEECH, SPEECH_PARTICIPLE },
    { HT_W_SPEECH | HT_W_SEP | HT_W_FINITE,
      "kündigte kündigten kündigt teilte teilten teilt fügte fügten fügt stellte stellten "
      "räumte räumten räumt wies machte gab rief hob" },
    { HT_W_SPEECH | HT_W_IMPERS | HT_W_FINITE, "heißt hieß" },
    { HT_W_PARTICLE, "an mit hinzu klar ein hin zurück deutlich bekannt zu auf hervor fest" },
    { HT_W_SAYS,
      "sagte sagten sagt erklärte erklärten erklärt betonte betonten betont meinte meinten "
      "meint behauptete behaupteten behauptet versicherte versicherten versichert "
      "bekräftigte bekräftigten bekräftigt unterstrich warnte warnten warnt ergänzte "
      "ergänzten ergänzt schrieb schrieben schreibt argumentierte erwiderte erwiderten "
      "erwidert antwortete antworteten antwortet entgegnete entgegneten beteuerte räumte "
      "räumten fügte fügten stellte teilte teilten kündigte kündigten konterte konterten "
      "kontert monierte präzisierte vermutete vermuteten befürchtete befürchteten hoffte "
      "hofften bezweifelte erzählte erzählten schilderte schilderten fragte fragten" },
    { HT_W_KONJ,
      "habe sei seien werde könne müsse solle wolle dürfe möge gebe wisse liege stehe gehe "
      "komme bleibe brauche gelte halte sehe plane arbeite trage lasse" },
    { HT_W_AUX | HT_W_FINITE,
      "hat hatte hatten haben habe hätte hätten ist sind war waren sei wird wurde wurden "
      "werde kann konnte konnten könne muss musste müsse soll sollte solle will wollte "
      "wolle darf durfte dürfe" },
    { HT_W_FINITE,
      "schlug kam gab sah ging stand hielt rief traf zog ließ blieb fand bat nahm bot lag "
      "sieht geht steht kommt gilt lehnt lehnte nannte reagierte zeigte sprach begrüßte "
      "unterstützte verurteilte drängte legte" },
    { HT_W_ARTICLE | HT_W_ART_NOM | HT_W_FUNC, "der die das ein eine" },
    { HT_W_ARTICLE | HT_W_FUNC, "den dem einen einem einer" },
    { HT_W_ARTICLE | HT_W_ART_GEN | HT_W_FUNC, "des eines" },
    { HT_W_PREP | HT_W_FUNC,
      "an am auf aus bei beim mit nach seit von vom zu zum zur für gegen ohne um über unter "
      "vor hinter neben zwischen durch trotz wegen gegenüber statt innerhalb außerhalb "
      "während mittels per pro samt via ab bis" },
    { HT_W_LOCPREP, "in im nach bei beim nahe bis durch ins" },
    { HT_W_PREP | HT_W_FUNC, "in im ins" },
    { HT_W_LAUT | HT_W_PREP | HT_W_FUNC, "laut" },
    { HT_W_ZUFOLGE | HT_W_FUNC, "zufolge" },
    { HT_W_SO | HT_W_FUNC, "so" },
    { HT_W_DASS | HT_W_CLAUSE | HT_W_FUNC, "dass daß" },
    { HT_W_CLAUSE | HT_W_FUNC,
      "ob weil wenn als nachdem obwohl damit sondern doch denn falls sobald seitdem bevor "
      "wie wo wer was" },
    { HT_W_CLAUSE | HT_W_COORD | HT_W_FUNC, "und oder sowie aber" },
    { HT_W_PRON | HT_W_FUNC, "er sie" },
    { HT_W_FIRSTPERS | HT_W_FUNC, "ich wir" },
    { HT_W_FUNC,
      "es man sich du ihr ihm ihn ihnen uns euch mich mir dich dir sein seine seiner seinen "
      "seinem ihre ihrer ihren ihrem unser unsere dieser diese dieses diesen diesem jener "
      "jene alle allen alles beide beiden viele vielen einige manche kein keine keinen "
      "keiner nicht nichts nie auch noch schon nur dann da dort hier heute gestern morgen "
      "jetzt nun sehr mehr zudem außerdem jedoch dennoch daher deshalb also bereits "
      "zunächst inzwischen derzeit bislang bisher immer wieder vielleicht wohl etwa rund "
      "fast kaum mal gar ganz sowohl weder noch zwar erst dabei damit dazu darauf darüber "
      "dafür dagegen danach davor trotzdem hingegen allerdings zuletzt zuvor später "
      "früher bald ebenfalls gleichzeitig offenbar tatsächlich angeblich laut gerade "
      "welche welcher welches was wer wie wo warum wann"
    },
    { HT_W_FUNC,
      "montag dienstag mittwoch donnerstag freitag samstag sonntag sonnabend januar "
      "februar märz april juni juli august september oktober november dezember wochenende "
      "anfang ende mitte abend morgen mittag nachmittag vormittag nacht jahr jahren jahres "
      "woche wochen tag tage tagen monat monaten zeit interview rande rahmen zeitung "
      "sender pressekonferenz rede bericht angaben mitteilung erklärung sprecher "
      "sprecherin behörden regierung polizei experten beobachter menschen leute bürger "
      "frieden krieg gespräch gesprächs treffen gipfel fazit kommentar hinterlassen "
      "teilen drucken lesen mehr thema artikel foto video anzeige quelle update "
      "deutschland europa gott herrn herr frau"
    },
    { HT_W_WORDNAME, "frank wolf rose mark grün will" },
    { HT_W_FOCUS, "auch sogar selbst nur ausgerechnet allein ebenfalls gerade" },
    { HT_W_NAMEPART, "von van der de di da dos del le la al ten zu bin ibn el vom ter" },
};

const ht_lexicon_group *ht_lexicon(size_t *n)
{
    *n = sizeof groups / sizeof groups[0];
    return groups;
}

static const ht_institution_kind institution_kinds[] = {
    { "landgericht", "Landgericht", 1, 2, 0, 'n' },
    { "amtsgericht", "Amtsgericht", 1, 2, 0, 'n' },
    { "oberlandesgericht", "Oberlandesgericht", 1, 2, 0, 'n' },
    { "verwaltungsgericht", "Verwaltungsgericht", 1, 2, 0, 'n' },
    { "oberverwaltungsgericht", "Oberverwaltungsgericht", 1, 2, 0, 'n' },
    { "arbeitsgericht", "Arbeitsgericht", 1, 2, 0, 'n' },
    { "landesarbeitsgericht", "Landesarbeitsgericht", 1, 2, 0, 'n' },
    { "sozialgericht", "Sozialgericht", 1, 2, 0, 'n' },
    { "finanzgericht", "Finanzgericht", 1, 2, 0, 'n' },
    { "staatsanwaltschaft", "Staatsanwaltschaft", 1, 1, 1, 'f' },
    { "generalstaatsanwaltschaft", "Generalstaatsanwaltschaft", 1, 1, 0, 'f' },
    { "polizei", "Polizei", 1, 1, 1, 'f' },
    { "polizeipräsidium", "Polizeipräsidium", 1, 1, 0, 'n' },
    { "polizeidirektion", "Polizeidirektion", 1, 1, 0, 'f' },
    { "feuerwehr", "Feuerwehr", 1, 1, 0, 'f' },
    { "universität", "Universität", 1, 0, 0, 'f' },
    { "hochschule", "Hochschule", 1, 0, 0, 'f' },
    { "stadtwerke", "Stadtwerke", 1, 0, 0, 'p' },
    { "landratsamt", "Landratsamt", 1, 0, 0, 'n' },
    { "bezirksamt", "Bezirksamt", 1, 0, 0, 'n' },
    { "finanzamt", "Finanzamt", 1, 0, 0, 'n' },
    { "jobcenter", "Jobcenter", 1, 0, 0, 'n' },
    { "klinikum", "Klinikum", 1, 0, 0, 'n' },
    { "universitätsklinikum", "Universitätsklinikum", 1, 0, 0, 'n' },
    { "uniklinik", "Uniklinik", 1, 0, 0, 'f' },
    { "flughafen", "Flughafen", 1, 0, 0, 'm' },
    { "messe", "Messe", 1, 0, 0, 'f' },
    { "gericht", "Gericht", 0, 0, 0, 'n' },
    /* a state's, named by its country only */
    { "regierung", "Regierung", 0, 0, 1, 'f' },
    { "armee", "Armee", 0, 0, 1, 'f' },
    { "streitkräfte", "Streitkräfte", 0, 0, 1, 'p' },
    { "militär", "Militär", 0, 0, 1, 'n' },
    { "marine", "Marine", 0, 0, 1, 'f' },
    { "luftwaffe", "Luftwaffe", 0, 0, 1, 'f' },
    { "küstenwache", "Küstenwache", 0, 0, 1, 'f' },
    { "geheimdienst", "Geheimdienst", 0, 0, 1, 'm' },
    { "justiz", "Justiz", 0, 0, 1, 'f' },
    { "behörden", "Behörden", 0, 0, 1, 'p' },
    { "parlament", "Parlament", 0, 0, 1, 'n' },
    { "zentralbank", "Zentralbank", 0, 0, 1, 'f' },
    { "notenbank", "Notenbank", 0, 0, 1, 'f' },
    { "staatsfernsehen", "Staatsfernsehen", 0, 0, 1, 'n' },
    { "staatsmedien", "Staatsmedien", 0, 0, 1, 'p' },
    { "außenministerium", "Außenministerium", 0, 0, 1, 'n' },
    { "innenministerium", "Innenministerium", 0, 0, 1, 'n' },
    { "verteidigungsministerium", "Verteidigungsministerium", 0, 0, 1, 'n' },
    { "justizministerium", "Justizministerium", 0, 0, 1, 'n' },
    { "finanzministerium", "Finanzministerium", 0, 0, 1, 'n' },
    { "gesundheitsministerium", "Gesundheitsministerium", 0, 0, 1, 'n' },
    { "wirtschaftsministerium", "Wirtschaftsministerium", 0, 0, 1, 'n' },
};

const ht_institution_kind *ht_institution_kinds(size_t *n)
{
    *n = sizeof institution_kinds / sizeof *institution_kinds;
    return institution_kinds;
}

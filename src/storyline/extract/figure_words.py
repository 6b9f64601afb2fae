"""Casualty words of the five languages, as `figures.py` reads them.

Kept apart from the rules so that a language can be corrected or added without reading
the walk. Each table is text in the `when.table` format ("field: a | b"; indented lines
continue the field).
"""

from storyline.extract.when import table

# Word tables per language (the `when.table` format: "field: a | b", indented lines go on).
# people/perp: nouns between a number and its kind word; skip: auxiliaries, links, adverbs
# walked over; k_<kind>: kind words after the number (k_none: dead and wounded together);
# l_<kind>: verbs or nouns just before it; det: "a man"-style singular subjects, one: words
# for 1 that need no noun ("one dead"); pron: he/she; zero: "no one"-style subjects, no:
# "no injuries"; self: the attacker's own death; toll: toll nouns (=their kind, ? = the kind
# named after them); tprep: what ends the toll phrase before the number; sup_mark/sup_noun:
# "initial toll"; sup_clause: "previously" anywhere in the clause; sup_left: "down from"
# just before; from/to: "from X to Y"; bg: background markers; according/by/said: attribution
# openers; remain: "still" verbs that make a following "in critical condition" the kind;
# lead: a sentence opener crediting the sentence before ("Lo ha comunicato X").
TABLES = {
    "en": table("""
people: people | persons | person | others | other people | men | man | women | woman | children
    | child | kids | kid | boys | boy | girls | girl | teens | teen | teenagers | teenager
    | adults | adult | youths | youth | juveniles | juvenile | males | male | females | female
    | civilians | civilian | victims | victim | students | student | officers | officer
    | police officers | police officer | deputies | deputy | troopers | trooper | soldiers
    | soldier | pilgrims | worshippers | residents | resident | bystanders | bystander
    | passengers | passenger | customers | customer | employees | employee | workers | worker
    | guests | friends | friend | girlfriend | boyfriend | relatives | family members | toddler
    | baby | infant | father | mother
    | son | daughter | husband | wife | brother | sister | cousin | neighbor | neighbour
    | driver | motorist | pedestrian | clerk | guard | security guard | patrons | individuals
    | individual | shoppers | fans | spectators | protesters | wounded | injured | dead
perp: suspect | suspects | gunman | gunmen | shooter | shooters | attacker | attackers
    | assailant | assailants | robber | robbers | intruder | bomber | bombers | suicide bomber
    | suicide bombers | killer | perpetrator | perpetrators
skip: of | of whom | of them | of which | whom | who | that | other | more | additional
    | further | also | all | both | reportedly | allegedly | later | still | now | were | was
    | are | is | been | being | have | has | had | be | got | remain | remains | remained | left
    | were left | apparently | seriously | critically | badly | severely | slightly | gravely
    | minor | in all | in total | else | total | more people | very | then | each | either
    | reported | believed | found
k_killed: killed | dead | died | die | dies | deaths | death | fatalities | fatality | fatally
    | mortally | fatally shot | fatally wounded | fatally injured | mortally wounded | shot dead
    | shot to death | shot and killed | gunned down | slain | murdered | perished
    | lost their lives | lost his life | lost her life | pronounced dead | found dead
    | declared dead | confirmed dead | later died | succumbed | killed instantly
k_injured: injured | wounded | hurt | injuries | injury | wounds | gunshot wounds
    | shot and wounded | shot and injured | treated for | being treated | treated | suffered
    | suffering | grazed | struck and wounded | non-fatally shot | nonfatally shot
k_hospitalized: hospitalized | hospitalised | in hospital | in the hospital | in hospitals
    | admitted | taken to hospital | taken to the hospital | taken to a hospital
    | taken to hospitals | transported to | rushed to | airlifted | still in hospital
k_missing: missing | unaccounted for
k_arrested: arrested | detained | in custody | taken into custody | apprehended | arrests
    | under arrest
k_shot: shot | struck by gunfire | hit by gunfire | struck by bullets | hit by bullets
    | struck by stray bullets | wounded by gunfire
k_critical: in critical condition | in a critical condition | in serious condition
    | in a serious condition | in very serious condition | in grave condition
k_none: dead and wounded | dead or wounded | dead and injured | killed and wounded
    | killed and injured | killed or injured | killed or wounded | casualties | dead or injured
l_killed: killing | killed | kills | kill | claimed the lives of | claiming the lives of
    | took the lives of | the deaths of | deaths of | the death of | death of | fatally shooting
    | fatally shot | shot and killed | shooting and killing | murdering | murdered
l_injured: wounding | wounded | injuring | injured | injures | wounds | hurting | hurt
    | shot and wounded | shooting and wounding
l_arrested: arrested | arresting | detained | detaining | the arrests of | the arrest of
l_shot: shooting | shot | shoots | the shooting of | shooting of | the shootings of
l_none: killing and wounding | killing or wounding | killed and wounded | killing and injuring
    | killed and injured
det: a | an | another
bare: man | woman | teen | teenager | boy | girl | toddler | child | baby | infant | officer
    | deputy | trooper | student | father | mother | son | daughter | husband | wife | driver
    | motorist | clerk | victim | person | suspect | gunman | shooter | juvenile | youth | cop
    | security guard | mom | dad | grandmother | grandfather | woman's | pedestrian | bystander
    | brother | sister | cousin | friend | girlfriend | boyfriend
died: died | dies | has died | later died | succumbed | dead | pronounced dead
one: one
pron: he | she | the victim | the gunman | the shooter | the suspect | the attacker
zero: no one | nobody | no one else | nobody else | none of them | not one person
no: no | no other | no further | no additional | no reports of | no reported
    | no immediate reports of | zero
self: killing himself=killed | killing herself=killed | killed himself=killed
    | killed herself=killed | took his own life=killed | took her own life=killed
    | turned the gun on himself=killed | turning the gun on himself=killed
    | turned the gun on herself=killed | shot himself=shot | shot herself=shot
    | shooting himself=shot
toll: death toll=killed | toll=killed | number of dead=killed | number of deaths=killed
    | number of people killed=killed | number of victims=killed | number of fatalities=killed
    | number of injured=injured | number of wounded=injured | number of people injured=injured
    | body count=killed | tally=? | number=?
tprep: to | at | of | is | was | reached | hit | topped | passed | exceeded | now | after | from
    | above | over
sup_mark: earlier | initial | previous | first | preliminary | provisional | original | prior
sup_noun: toll | death toll | count | figure | figures | report | reports | estimate | tally
    | number
sup_clause: previously | initially | originally | at first | had earlier | first reported
    | earlier reports | earlier reported | earlier in the day | earlier today | earlier on
sup_left: down from | up from | revised from | lowered from | reduced from | fell after
    | fell from | dropped after | dropped from | compared with | compared to | instead of
    | rather than
from: from
to: to
bg: this year | so far this year | last year | years ago | a year ago | anniversary | in history
    | earlier this year | in recent years | this month | so far this month | in less than
    | since early | since late | since the start | since the beginning | body count
    | each year | every year | per year | annually
according: according to | citing | quoted by | cited by
by: by | announced by | reported by | given by | released by | provided by | confirmed by
said: said | says | say | told | tells | reported | reports | announced | announces | confirmed
    | confirms | stated | states | added | indicated | explained | noted | estimated | declared
    | wrote | tweeted | put the toll at | put the death toll at | put the number of dead at
    | lowered the death toll | lowered the toll | raised the death toll | raised the toll
    | revised the toll | revised the death toll | revised down the death toll
    | put the figure at
remain: remain | remains | remained | still | were still | are still | was still | is still
lead: that's according to | this is according to
"""),
    "fr": table("""
people: personnes | personne | autres | autres personnes | hommes | homme | femmes | femme
    | enfants | enfant | civils | civil | victimes | victime | policiers | policier | gendarmes
    | militaires | soldats | pèlerins | fidèles | passants | habitants | étudiants | élèves
    | jeunes | adolescents | adolescent | bébé | passagers | touristes
perp: assaillant | assaillants | tireur | tireurs | kamikaze | kamikazes | suspect | suspects
    | terroriste | terroristes | agresseur | agresseurs
skip: de | d' | des | dont | qui | que | ont | a | été | sont | est | étaient | était | avaient
    | avait | ont été | a été | restent | reste | encore | toujours | également | aussi
    | au total | en tout | n'a | n'ont | ne | plus | grièvement | gravement | légèrement | tous
    | toutes | se trouvent | se trouvaient | ayant
k_killed: morts | mort | morte | mortes | tués | tuées | tué | tuée | décédés | décédées
    | décédé | décès | ont péri | ont trouvé la mort | a trouvé la mort | ont perdu la vie
    | a perdu la vie | sont morts | sont mortes | est mort | est morte | sont décédés
    | victimes mortelles | mortellement blessé | mortellement blessés | abattu | abattus
k_injured: blessés | blessées | blessé | blessée | soignés | soignées | soigné | soignée
    | pris en charge | touchés | touchées | blessés par balle
k_hospitalized: hospitalisés | hospitalisées | hospitalisé | hospitalisée | à l'hôpital
    | en hôpital | transportés à l'hôpital | admis à l'hôpital
k_missing: disparus | disparues | disparu | disparue | portés disparus | portées disparues
k_arrested: interpellés | interpellées | interpellé | interpellée | arrêtés | arrêtées | arrêté
    | arrêtée | placés en garde à vue | placé en garde à vue | en garde à vue | gardés à vue
k_critical: dans un état critique | dans un état grave | en état critique | en urgence absolue
    | entre la vie et la mort | dans un état très grave
k_none: morts et blessés | tués et blessés | morts ou blessés | tués ou blessés
l_killed: tuant | tué | tue | tuent | la mort de | la mort d' | mort de | décès de
    | coûté la vie à | coûtant la vie à | causé la mort de | a tué | ont tué | abattant
l_injured: blessant | a blessé | ont blessé | blessé | blesse
l_arrested: interpellé | arrêté | interpellant | arrêtant | l'interpellation de
    | l'arrestation de
l_none: tuant et blessant | tué et blessé
det: un | une
died: est mort | est morte | est décédé | est décédée | meurt | succombé
one: un | une
pron: il | elle | la victime | le tireur | l'assaillant | le suspect
zero: personne n'a | personne n'ont | personne ne | aucune personne
no: aucun | aucune | pas de | pas d'
self: se donnant la mort=killed | s'est suicidé=killed | s'est donné la mort=killed
    | avant de se suicider=killed | retourné son arme contre lui=killed
toll: bilan=killed | bilan humain=killed | nombre de morts=killed | nombre de victimes=killed
    | nombre de tués=killed | nombre de blessés=injured | nombre de personnes=? | nombre=?
tprep: à | de | d' | atteint | dépasse | est
sup_mark: précédent | premier | initial | provisoire | antérieur | ancien
sup_noun: bilan | décompte | chiffre | chiffres | estimation
sup_clause: précédemment | initialement | auparavant | dans un premier temps | jusque-là
sup_left: contre | au lieu de | revu à la baisse de | après les
from: de | passant de | passé de
to: à
bg: cette année | depuis le début de l'année | l'an dernier | l'année dernière | anniversaire
    | de l'histoire | commémoration
according: selon | d'après | citant | cité par | cités par | citée par
by: par | annoncé par | annoncés par | avancé par | donné par | communiqué par
said: a indiqué | a déclaré | a annoncé | a précisé | a affirmé | a dit | a expliqué | a ajouté
    | a confirmé | a rapporté | a fait état | font état | fait état | ont annoncé | ont indiqué
    | ont déclaré | ont précisé | indique | annonce | précise | affirme | a-t-il | a-t-elle
    | a-t-il indiqué | a-t-elle précisé | a-t-il déclaré | a prévenu | a revu | a abaissé
    | a relevé | ont revu
remain: restent | reste | sont toujours | demeurent | toujours | étaient toujours
lead: c'est ce qu'a annoncé | c'est ce qu'a indiqué | c'est ce qu'ont annoncé
"""),
    "es": table("""
people: personas | persona | otras | otros | otras personas | hombres | hombre | mujeres | mujer
    | niños | niño | niñas | niña | menores | menor | civiles | víctimas | víctima | agentes
    | policías | soldados | militares | peregrinos | fieles | transeúntes | vecinos
    | estudiantes | jóvenes | joven | adolescentes | pasajeros | turistas
perp: atacante | atacantes | agresor | agresores | tirador | tiradores | pistolero | sicario
    | sicarios | terrorista | terroristas | sospechoso | sospechosos
skip: de | que | los | las | cuales | de los cuales | de las cuales | han | ha | sido | fueron
    | fue | resultaron | resultó | quedaron | quedó | están | está | estaban | siguen | sigue
    | permanecen | seguían | seguía | todavía | aún | también | en total | en todo | además
    | gravemente | levemente | la cifra de | el número de | el balance de | se | habían | había
k_killed: muertos | muertas | muerto | muerta | fallecidos | fallecidas | fallecido | fallecida
    | fallecieron | murieron | muertes | víctimas mortales | víctima mortal | perdieron la vida
    | han muerto | asesinados | asesinadas | asesinado | asesinada | decesos | mortales
k_injured: heridos | heridas | herido | herida | lesionados | lesionadas | lesionado | atendidos
    | atendidas | heridos de bala
k_hospitalized: hospitalizados | hospitalizadas | hospitalizado | hospitalizada | ingresados
    | ingresadas | ingresado | en el hospital | internados | internadas
k_missing: desaparecidos | desaparecidas | desaparecido | desaparecida
k_arrested: detenidos | detenidas | detenido | detenida | arrestados | arrestadas | arrestado
    | arrestada | capturados | bajo custodia
k_critical: en estado grave | en estado crítico | en estado muy grave | graves
k_none: muertos y heridos | muertos o heridos
l_killed: matando | mató | mataron | murieron | fallecieron | la muerte de | muerte de
    | causó la muerte de | costó la vida a | se cobró la vida de | asesinó | asesinaron
l_injured: hiriendo | hirió | hirieron | resultaron heridos | resultaron heridas
    | quedaron heridos | resultó herido
l_arrested: detuvo | detuvieron | arrestó | arrestaron | la detención de
det: un | una
died: murió | muere | falleció | fallece
one: un | una | uno
pron: ella | la víctima | el tirador | el atacante | el sospechoso
zero: nadie | ninguna persona
no: ningún | ninguna | no hubo | no se registraron | sin
self: se suicidó=killed | suicidarse=killed | quitándose la vida=killed
    | se quitó la vida=killed
toll: balance=killed | balance de víctimas=killed | cifra de muertos=killed
    | cifra de fallecidos=killed | cifra de víctimas=killed | número de muertos=killed
    | número de víctimas=killed | cifra de heridos=injured | número de heridos=injured | cifra=?
    | número=?
tprep: a | de | en | asciende a | es de | se eleva a | llega a | alcanza
sup_mark: anterior | primer | primero | inicial | provisional | previo | preliminar
sup_noun: balance | recuento | cifra | cifras | conteo | estimación
sup_clause: inicialmente | previamente | anteriormente | en un principio | en un primer momento
sup_left: frente a | frente a los | frente a las | en lugar de | en vez de | respecto a
from: de | desde
to: a | hasta
bg: este año | en lo que va de año | el año pasado | aniversario | de la historia
    | conmemoración
according: según | de acuerdo con | citando | citado por | citados por | citadas por
by: por | anunciados por | anunciadas por | dados por | difundidos por
said: dijo | afirmó | informó | indicó | explicó | señaló | aseguró | declaró | anunció
    | confirmó | precisó | rebajaron | rebajó | elevó | elevaron | cifró | cifraron | detalló
    | agregó | añadió | ha informado | han informado | ha confirmado
remain: siguen | sigue | seguían | seguía | permanecen | continúan | están | estaban
lead: así lo informó | así lo confirmó | así lo indicó
"""),
    "it": table("""
people: persone | persona | altre | altri | altre persone | uomini | uomo | donne | donna
    | bambini | bambino | bambine | bambina | civili | vittime | vittima | agenti | poliziotti
    | militari | soldati | pellegrini | fedeli | passanti | residenti | studenti | giovani
    | ragazzi | ragazzo | ragazza | passeggeri | turisti
perp: attentatore | attentatori | aggressore | aggressori | assalitore | assalitori | kamikaze
    | terrorista | terroristi | sospettato | sospettati | killer | cecchino
skip: di | dei | delle | degli | che | di cui | sono | è | stati | state | stato | stata
    | rimasti | rimaste | rimasto | rimasta | risultano | ancora | anche | in totale
    | complessivamente | gravemente | lievemente | leggermente | hanno | ha | erano | era | i
    | le | gli | si | sarebbero | sarebbe | restano | resta | rimangono | rimane
k_killed: morti | morto | morta | uccisi | uccise | ucciso | uccisa | deceduti | decedute
    | deceduto | hanno perso la vita | ha perso la vita | sono morti | sono morte | è morto
    | è morta | decessi | vittime mortali
k_injured: feriti | ferite | ferito | ferita | contusi | medicati
k_hospitalized: ricoverati | ricoverate | ricoverato | ricoverata | in ospedale | ospedalizzati
k_missing: dispersi | disperse | disperso | dispersa | scomparsi | scomparse
k_arrested: arrestati | arrestate | arrestato | arrestata | fermati | fermate | fermato
    | fermata | in stato di fermo
k_critical: in condizioni gravi | in gravi condizioni | in condizioni critiche
    | in prognosi riservata | in pericolo di vita | gravi
k_none: morti e feriti | morti o feriti | tra morti e feriti
l_killed: uccidendo | hanno ucciso | ha ucciso | la morte di | morte di | sono morte
    | sono morti | è morto | è morta | costato la vita a | provocato la morte di
l_injured: ferendo | hanno ferito | ha ferito | feriti sono | feriti erano | sono rimaste ferite
    | sono rimasti feriti
l_arrested: ha fermato | hanno fermato | ha arrestato | hanno arrestato | l'arresto di
det: un | uno | una | un'
died: è morto | è morta | muore | morto | morta
one: un | uno | una
pron: lui | lei | la vittima | l'attentatore | il sospettato
zero: nessuno | nessuna persona
no: nessun | nessuna | non ci sono | non ci sono stati | senza
self: togliendosi la vita=killed | si è tolto la vita=killed | suicidandosi=killed
toll: bilancio=killed | bilancio delle vittime=killed | numero dei morti=killed
    | numero delle vittime=killed | numero dei feriti=injured | conteggio=killed | numero=?
tprep: a | di | è di | sale a | salito a | salita a | ammonta a
sup_mark: primo | precedente | iniziale | provvisorio | preliminare
sup_noun: bilancio | conteggio | cifra | stima
sup_clause: inizialmente | in precedenza | precedentemente | in un primo momento
sup_left: rispetto a | rispetto ai | rispetto alle | invece di | invece dei
from: da | dai | dalle
to: a | ai | alle
bg: quest'anno | dall'inizio dell'anno | l'anno scorso | anniversario | della storia
    | commemorazione
according: secondo | stando a | citando | a quanto riferito da
by: da | diffuso da | annunciati da | comunicato da
said: ha detto | ha dichiarato | ha comunicato | ha annunciato | ha riferito | ha spiegato
    | ha precisato | hanno detto | ha confermato | ha reso noto | hanno reso noto
    | hanno comunicato | hanno annunciato | ha aggiunto | ha affermato | riferisce | spiega
remain: restano | resta | rimangono | rimane | sono ancora | versano | versa
lead: lo ha comunicato | lo ha annunciato | lo ha reso noto | lo ha riferito
    | lo hanno comunicato | lo hanno reso noto | lo ha detto | lo ha confermato | lo riferisce
"""),
    "ro": table("""
people: persoane | persoană | oameni | alte | alți | alte persoane | bărbați | bărbat | femei
    | femeie | copii | copil | civili | victime | victimă | polițiști | polițist | militari
    | soldați | pelerini | credincioși | trecători | locuitori | studenți | tineri | tânăr
    | pasageri | turiști | răniții | morții
perp: atacator | atacatori | atacatorii | agresor | agresorul | kamikaze | terorist | teroriști
    | suspect | suspecți | suspectul
skip: de | dintre | dintre care | care | au | a | fost | au fost | a fost | sunt | este | erau
    | era | încă | mai | de asemenea | în total | grav | ușor | și-au | s-au | fuseseră | fusese
    | nu | rămân | rămâne
k_killed: morți | mort | moartă | decedați | decedate | decedat | decese | au murit | a murit
    | și-au pierdut viața | și-a pierdut viața | uciși | ucise | ucis | ucisă
k_injured: răniți | rănite | rănit | rănită
k_hospitalized: internați | internate | internat | internată | spitalizați | spitalizate
    | în spital
k_missing: dispăruți | dispărute | dispărut | dispărută
k_arrested: arestați | arestate | arestat | arestată | reținuți | reținute | reținut | reținută
    | în arest
k_critical: în stare critică | în stare gravă | în stare foarte gravă | în comă
k_none: morți și răniți | morți sau răniți
l_killed: ucigând | omorând | a ucis | au ucis | moartea a | au murit | a murit
    | și-au pierdut viața
l_injured: rănind | a rănit | au rănit | au fost rănite | au fost răniți
l_arrested: a arestat | au arestat | a reținut | au reținut | reținerea a | arestarea a
det: un | o
died: a murit | moare | a decedat
one: un | unul | una
pron: el | ea | victima | atacatorul | suspectul
zero: nimeni | nicio persoană
no: niciun | nicio | fără
self: s-a sinucis=killed | sinucigându-se=killed | și-a luat viața=killed
toll: bilanțul=killed | bilanț=killed | bilanțul victimelor=killed | numărul victimelor=killed
    | numărul morților=killed | numărul deceselor=killed | numărul răniților=injured
    | numărul persoanelor=? | numărul=?
tprep: la | de | este de
sup_mark: anterior | inițial | primul | precedent | provizoriu | preliminar
sup_noun: bilanț | bilanțul | număr | numărul | cifră | cifra
sup_clause: inițial | anterior | mai devreme | în prima fază
sup_left: față de | în loc de
from: de la
to: la
bg: anul acesta | de la începutul anului | anul trecut | aniversare | aniversarea | din istorie
    | comemorare
according: potrivit | conform | citând | citat de | citați de
by: de către | anunțat de | anunțate de
said: a declarat | a spus | a anunțat | a precizat | a transmis | au anunțat | a confirmat
    | au transmis | au declarat | a afirmat | a explicat | a adăugat | coborâse | a coborât
    | a redus | a ridicat | au redus
remain: rămân | rămâne | se află | se aflau | sunt încă
lead: au anunțat
"""),
}

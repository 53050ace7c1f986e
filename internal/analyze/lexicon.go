package analyze

import "strings"

// Hand-written word lists the entity, quote and number rules share. They
// are deliberately small and general (no names of the people in any test
// article): titles and honorifics, countries and nationalities,
// organisation words, speech verbs and pronouns.

func set(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Split(words, "|") {
		w = strings.TrimSpace(w)
		if w != "" {
			m[w] = true
		}
	}
	return m
}

// titleNouns are the heads of a person's role or office (lower case).
var titleNouns = set(`coach|president|secretary|minister|spokesman|spokeswoman|spokesperson|ambassador|envoy|senator|sen.|
representative|rep.|governor|gov.|mayor|chancellor|premier|chairman|chairwoman|chair|director|chief|leader|king|queen|prince|princess|
pope|judge|justice|attorney|general|gen.|commander|admiral|adm.|colonel|col.|lt.|sgt.|captain|capt.|maj.|lieutenant|sergeant|
adviser|advisor|aide|counselor|counsellor|speaker|whip|ceo|cfo|executive|founder|nominee|candidate|candidates|strategist|
manager|chairperson|official|officer|analyst|economist|professor|prof.|dr.|mr.|mrs.|ms.|sir|lord|lady|dame|emir|sheikh|
ayatollah|czar|tsar|coordinator|commissioner|deputy|undersecretary|head|prosecutor|lawmaker|congressman|congresswoman|
correspondent|reporter|editor|columnist|host|anchor|pollster|surrogate|negotiator|diplomat|dictator|strongman|
vice|prime|foreign|defense|defence|state|press|national|security|senior|former|top|assistant|acting|interim|majority|minority|
house|senate|white|campaign|party|communications|finance|interior|treasury|justice|homeland|intelligence|health|trade|
commerce|energy|labor|labour|education|agriculture|transportation|war|affairs|policy|economic|military|joint|staff|
supreme|deputy-chief|first|lady|rev.|reverend|father|bishop|archbishop|cardinal|lawyer|attorney-general|running|mate|
spy|regime|opposition|republican|democratic|democrat|gop|u.n.|un|nato|eu|kremlin|pentagon|fbi|cia|state-run|
supt.|superintendent|det.|detective|insp.|inspector|brig.|brigadier|cpl.|corporal|pvt.|cmdr.|constable|marshal`)

// headTitles are title nouns that alone make a phrase a person's role (as
// opposed to modifiers like "foreign" or "national").
var headTitles = set(`coach|manager|captain|president|secretary|minister|spokesman|spokeswoman|spokesperson|ambassador|envoy|senator|sen.|
representative|rep.|governor|gov.|mayor|chancellor|premier|chairman|chairwoman|director|chief|leader|king|queen|prince|
princess|pope|judge|justice|attorney|general|gen.|commander|admiral|adm.|colonel|col.|lt.|sgt.|captain|capt.|maj.|lieutenant|
sergeant|adviser|advisor|aide|counselor|counsellor|speaker|whip|ceo|founder|nominee|candidate|strategist|manager|official|
officer|analyst|economist|professor|prof.|dr.|mr.|mrs.|ms.|sir|lord|lady|dame|emir|sheikh|ayatollah|czar|tsar|coordinator|
commissioner|prosecutor|lawmaker|congressman|congresswoman|correspondent|reporter|editor|columnist|host|anchor|pollster|
negotiator|diplomat|dictator|strongman|rev.|reverend|bishop|archbishop|cardinal|lawyer|mate|chairperson|head|executive|
supt.|superintendent|det.|detective|insp.|inspector|brig.|brigadier|cpl.|corporal|pvt.|cmdr.|constable|marshal`)

// honorifics precede a name and are not part of the title shown.
var honorifics = set(`mr.|mrs.|ms.|dr.|mr|mrs|ms|dr|sir|dame|madam`)

// nationalities are adjectives of nations (lower case).
var nationalities = set(`american|russian|syrian|british|french|german|chinese|japanese|iranian|iraqi|israeli|palestinian|
turkish|ukrainian|european|african|asian|arab|saudi|egyptian|indian|pakistani|afghan|mexican|canadian|australian|italian|
spanish|polish|korean|north korean|south korean|cuban|venezuelan|brazilian|argentine|dutch|belgian|swedish|norwegian|danish|
finnish|greek|irish|scottish|welsh|english|swiss|austrian|hungarian|czech|romanian|bulgarian|serbian|croatian|lebanese|jordanian|
kurdish|yemeni|libyan|qatari|emirati|kuwaiti|nigerian|kenyan|ethiopian|somali|sudanese|chilean|colombian|peruvian|filipino|
indonesian|malaysian|thai|vietnamese|taiwanese|georgian|belarusian|kazakh|uzbek|armenian|azerbaijani|estonian|latvian|
lithuanian|portuguese|soviet|western|u.s.|us|u.k.|uk|un|u.n.|eu|nato|federal|state|republican|democratic|gop|white|russia's`)

// places are country, region and big-city names (lower case).
var places = set(`united states|u.s.|us|usa|america|russia|russian federation|syria|britain|great britain|united kingdom|u.k.|uk|
england|scotland|wales|ireland|france|germany|china|japan|iran|iraq|israel|palestine|gaza|west bank|turkey|ukraine|crimea|
europe|africa|asia|middle east|saudi arabia|egypt|india|pakistan|afghanistan|mexico|canada|australia|italy|spain|poland|
korea|north korea|south korea|cuba|venezuela|brazil|argentina|netherlands|belgium|sweden|norway|denmark|finland|greece|
switzerland|austria|hungary|czech republic|romania|bulgaria|serbia|croatia|lebanon|jordan|yemen|libya|qatar|kuwait|
united arab emirates|nigeria|kenya|ethiopia|somalia|sudan|chile|colombia|peru|philippines|indonesia|malaysia|thailand|
vietnam|taiwan|georgia|belarus|kazakhstan|armenia|azerbaijan|estonia|latvia|lithuania|portugal|balkans|baltic|
moscow|washington|d.c.|washington d.c.|damascus|aleppo|idlib|homs|raqqa|mosul|baghdad|tehran|beijing|tokyo|london|paris|berlin|brussels|kiev|kyiv|
ankara|istanbul|jerusalem|tel aviv|cairo|riyadh|new york|los angeles|chicago|houston|philadelphia|boston|miami|
san francisco|seattle|atlanta|dallas|denver|las vegas|detroit|cleveland|phoenix|st. petersburg|sochi|geneva|vienna|rome|
madrid|warsaw|minsk|seoul|pyongyang|delhi|new delhi|islamabad|kabul|havana|caracas|mexico city|ottawa|toronto|sydney|
florida|texas|california|ohio|pennsylvania|michigan|wisconsin|iowa|nevada|arizona|north carolina|south carolina|virginia|
west virginia|new hampshire|colorado|minnesota|missouri|indiana|illinois|kentucky|tennessee|alabama|mississippi|louisiana|
arkansas|oklahoma|kansas|nebraska|utah|oregon|idaho|montana|wyoming|alaska|hawaii|maine|vermont|massachusetts|connecticut|
rhode island|new jersey|new york state|maryland|delaware|new mexico|north dakota|south dakota|shayrat|khan sheikhoun|
mediterranean|pacific|atlantic|arctic|manhattan|brooklyn|silicon valley|wall street|capitol hill|ground zero`)

// orgWords end or make up organisation names (lower case).
var orgWords = set(`ministry|department|council|party|committee|agency|company|inc|inc.|corp|corp.|group|university|college|
times|post|news|network|press|association|union|organization|organisation|forces|army|navy|air force|house|kremlin|
pentagon|congress|senate|parliament|court|service|bank|fund|institute|foundation|commission|office|bureau|administration|
campaign|coalition|alliance|federation|board|center|centre|school|church|journal|tribune|herald|gazette|channel|tv|radio|
ledger|chronicle|courier|observer|telegraph|dispatch|inquirer|examiner|sentinel|bulletin|daily|reserve|capital|holdings|
industries|structures|systems|partners|technologies|logistics|airlines|motors|pharmaceuticals|rovers|wanderers|athletic|fc|
hospital|clinic|infirmary|
agency|corporation|ltd|llc|club|league|movement|front|brigade|regime|government|cabinet|assembly|duma|police|guard|command|
reuters|cnn|bbc|fox|msnbc|nbc|abc|cbs|ap|afp|tass|interfax|ria|breitbart|politico|huffpost|nato|isis|isil|fbi|cia|nsa|
un|u.n.|eu|gop|who|imf|opec|kgb|fsb|nasa|google|facebook|twitter|apple|amazon|microsoft`)

// strongOrgWords make a name an organisation wherever they stand in it
// ("Coastal Institute of Logistics").
var strongOrgWords = set(`institute|university|ministry|department|association|council|committee|agency|commission|
corporation|foundation|federation|bureau`)

// geoHeads open place names ("River Sel", "Mount Kenya", "Fort Mercer").
var geoHeads = set(`river|lake|mount|mt.|port|gulf|cape|fort|bay|isle|strait|sea`)

// geoTails end place names ("Bridge Street", "Eastmere Valley"); words
// that are also common surnames (Park, Hill, Lake) are left out.
var geoTails = set(`river|street|avenue|road|square|boulevard|highway|lane|bridge|island|islands|valley|mountains|
ocean|sea|harbour|harbor|canal|peninsula|desert|strait|county|province|district|airport|estuary|delta|city`)

// knownOrgs are whole organisation names (lower case).
var knownOrgs = set(`white house|kremlin|pentagon|congress|senate|state department|united nations|european union|
nato|isis|isil|islamic state|al qaeda|hezbollah|hamas|taliban|fbi|cia|nsa|un|u.n.|eu|gop|reuters|cnn|bbc|fox news|msnbc|
associated press|ap|afp|tass|interfax|security council|supreme court|house of representatives|secret service|
justice department|defense department|foreign ministry|democratic party|republican party|democrats|republicans|
twitter|facebook|google|apple|amazon|microsoft|new york times|washington post|wall street journal|usa today|
politico|breitbart|huffington post|huffpost|nbc|abc|cbs|npr|fox|rnc|dnc|opec|imf|world bank|who|kgb|fsb|ria novosti|
federal reserve|u.s. federal reserve|european central bank`)

// aliases map equivalent name forms to one canonical form (lower-case key).
var aliases = map[string]string{
	"u.s.": "United States", "us": "United States", "usa": "United States", "u.s.a.": "United States",
	"united states": "United States", "america": "United States",
	"u.k.": "United Kingdom", "uk": "United Kingdom", "britain": "United Kingdom", "great britain": "United Kingdom",
	"united kingdom": "United Kingdom",
	"u.n.":           "United Nations", "un": "United Nations", "united nations": "United Nations",
	"eu": "European Union", "european union": "European Union",
	"isil": "Islamic State", "isis": "Islamic State", "islamic state": "Islamic State",
	"russian federation": "Russia", "russia": "Russia",
	"kyiv": "Kiev", "kiev": "Kiev",
}

// pronouns that can stand for a speaker.
var personPronouns = set(`he|she|i|we|they|you|him|her|it`)

// determiners and other words that never start a name.
var notNameStart = set(`beyond|besides|amid|manage|the|a|an|this|that|these|those|his|her|their|its|our|my|your|some|many|several|both|all|each|
every|other|another|any|no|one|two|three|four|five|six|seven|eight|nine|ten|in|on|at|for|by|with|from|to|of|and|but|or|
so|yet|as|if|when|while|after|before|because|since|although|though|however|meanwhile|also|still|even|just|then|there|here|
it|he|she|they|we|i|you|who|what|where|why|how|which|not|now|today|yesterday|tomorrow|last|next|amid|despite|during|under|
over|about|against|between|into|through|across|among|around|upon|within|without|according|frankly|indeed|instead|
yes|no|well|oh|please|thank|thanks|like|unlike|asked|said|says|earlier|later|once|first|finally|ultimately|perhaps|maybe|
read|follow|click|share|watch|see|sign|subscribe|related|photo|video|advertisement|copyright|getty|image|images|more|most|
such|only|every|nor|do|does|did|let|let's|we're|it's|i'm|don't|can't|that's|there's|what's|here's|he's|she's|they're|you're|
we've|i've|we'll|i'll|mr|ms|dr|new|monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|
april|may|june|july|august|september|october|november|december|sept.|jan.|feb.|aug.|oct.|nov.|dec.|sep.|
should|would|could|will|can|must|might|shall|is|are|was|were|be|been|has|have|had|being|am`)

// cueVerbs are speech and report verbs in the forms news text uses.
var cueVerbs = set(`said|says|say|saying|told|tells|tell|added|adds|asked|asks|stated|states|declared|declares|explained|
explains|noted|notes|wrote|writes|write|insisted|insists|argued|argues|claimed|claims|warned|warns|continued|continues|
replied|replies|responded|responds|answered|answers|recalled|recalls|acknowledged|acknowledges|admitted|admits|announced|
announces|tweeted|tweets|posted|remarked|observed|suggested|suggests|concluded|countered|counters|conceded|concedes|
complained|complains|joked|jokes|quipped|shouted|yelled|urged|urges|predicted|predicts|stressed|stresses|emphasized|
emphasised|emphasizes|pointed|went|boasted|boasts|vowed|vows|promised|promises|charged|charges|contended|contends|
maintained|maintains|reiterated|reiterates|lamented|laments|mused|muses|cautioned|cautions|demanded|demands|
declined|conceded|agreed|agrees|denied|denies|disputed|affirmed|assured|assures|announced|reported|reports|
testified|testifies|confirmed|confirms|recounted|recounts|whispered|pledged|pledges|predicted|opined|marveled|
marvelled|chimed|interjected|began|begins|wondered|wonders|screamed|cried|thundered|fumed|scoffed|sniffed|snapped|
chided|chides|ribbed|teased|mocked|mocks|proclaimed|proclaims|summarized|summed|retorted|exclaimed|explained|read`)

// thinkVerbs introduce reported belief ("X believes that ..."); they count
// as reported speech only with "that".
var thinkVerbs = set(`believes|believed|thinks|thought|feels|felt|argued|hopes|hoped|fears|feared|expects|expected|
knows|knew|estimated|estimates|alleged|alleges|accused|accuses|predicted|suggested|indicated|indicates|revealed|
reveals|showed|shows|found|finds|concluded|concludes|assessed|assesses|determined|hinted|signalled|signaled`)

var weekdays = map[string]int{"sunday": 0, "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6}

// nameVerbs attach a quoted phrase to its author without being speech
// verbs ("X called it “a disgrace”", "X described as “…”").
var nameVerbs = set(`called|calls|described|describes|dubbed|dubs|labeled|labelled|labels|branded|brands|termed|terms|
likened|compared|characterized|characterised|deemed|put|quoted|citing|cited|wrote|penned|tweeted|posted`)

// personNouns head descriptions of speakers ("the New York businessman").
var personNouns = set(`businessman|businesswoman|man|woman|men|women|voter|voters|resident|residents|student|students|
worker|workers|owner|activist|activists|critic|critics|supporter|supporters|expert|experts|scholar|historian|
lawyer|attorney|doctor|physician|scientist|researcher|researchers|author|writer|journalist|blogger|billionaire|
mogul|magnate|entrepreneur|investor|banker|veteran|mother|father|wife|husband|son|daughter|brother|sister|friend|
neighbor|neighbour|witness|victim|survivor|protester|protesters|delegate|delegates|member|members|insider|insiders|
observer|observers|republicans|democrats|conservatives|liberals|nominee|candidate|contender|challenger|incumbent|
narrator|ad|statement|memo|report|letter|complaint|filing|lawsuit|brief|study|survey|poll|spokesman|spokeswoman|
representatives|official|officials|source|sources|aide|aides|advisers|adviser|staffer|staffers|operative|strategist`)

// quoteVerbs introduce a direct quote next to them but are too loose for
// reported speech ("Hannity pressed", "Christie gloated:").
var quoteVerbs = set(`gloated|crowed|bragged|cracked|echoed|pressed|griped|groused|sneered|barked|intoned|raged|
ranted|vented|pleaded|begged|implored|offered|elaborated|clarified|ventured|volunteered|speculated|theorized|
reasoned|commented|reacted|shrugged|sighed|laughed|smiled|grinned|chuckled|quip|quips|joke|jokes|cracks|
interrupted|replied|wondered|mused|insisted|recalled|summed|added|continued|told|wrote|tweeted|posted|
says|said|asked|explained|exclaimed|declared|noted|remarked|observed|argued|warned|answered|responded|shot|fired`)

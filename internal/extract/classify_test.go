package extract

import "testing"

// Debris lines of many shapes, written for these tests (not taken from any
// page). Each must be classified as debris, with the reason given.
func TestClassifyDebris(t *testing.T) {
	tests := []struct {
		line string
		want Reason
	}{
		// no words
		{"f", NoWords},
		{"•", NoWords},
		{" | | ", NoWords},
		{"—", NoWords},
		// photo credits
		{"Photo: Lina Moreau / Harbour Press", Credit},
		{"Image copyright Getty Images", Credit},
		{"Image caption Firefighters at the scene on Sunday", Credit},
		{"Protesters gather outside the ministry on Friday. (AP Photo/Sam Okafor)", Credit},
		{"Picture by Jonas Berg", Credit},
		{"Credit: Valley Courier archive", Credit},
		{"The old pier at dusk / Getty Images", Credit},
		{"© Northgate Ledger 2024", Credit},
		{"(c) 2024 Valley Courier Ltd. All rights reserved.", Credit},
		{"Copyright 2024 Northgate Media Group", Credit},
		// social rows and menus
		{"Follow NORTHGATE.EXAMPLE: Facebook | Twitter", Social},
		{"Share this: Facebook, WhatsApp, Email", Social},
		{"Home | World | Politics | Business | Sport", Social},
		{"News • Opinion • Culture • Video", Social},
		{"Instagram", Social},
		// notices addressed to the reader
		{"We use cookies to give you the best experience. By continuing to browse, you agree to our cookie policy.", Notice},
		{"This story is from our archive and the information in it may be outdated. Please check the timestamp for when it was last updated.", Notice},
		{"Sign up for our morning newsletter and get the day's top stories in your inbox.", Notice},
		{"Please enable JavaScript in your browser settings to watch this video.", Notice},
		{"Advertisement - scroll to continue reading", CallToAct},
		{"This report is from our archive. Some facts may have changed since it was first published.", Notice},
		{"This article is more than five years old. Please check the date.", Notice},
		{"Comments are closed for this article. Please read our community guidelines.", Notice},
		// calls to action
		{"Read more", CallToAct},
		{"Read More »", CallToAct},
		{"Share this article", Notice},
		{"Subscribe now", Notice},
		{"Watch: the moment the bridge reopened", CallToAct},
		{"Click here for the full timeline.", CallToAct},
		{"Adjust Comment Print", Notice},
		// bylines and credits
		{"By Mira Kovalenko", Byline},
		{"By MIRA KOVALENKO and TOMAS ADEYEMI", Byline},
		{"By Mira Kovalenko, Northgate Ledger", Byline},
		{"Written by Tomas Adeyemi", Byline},
		{"Reporting by Anna Lind; Editing by Paul Verhoeven", Byline},
		{"Valley Courier staff contributed to this report.", Byline},
		// lone author names
		{"Salome Idris", Author},
		{"• Tomas de la Vega", Author},
		{"J. R. Okafor", Author},
		// timestamps
		{"Published: March 14, 2024", Timestamp},
		{"Updated 10:31 a.m. ET, Thu March 14, 2024", Timestamp},
		{"14 March 2024", Timestamp},
		{"Thursday, March 14, 2024 9:15 PM", Timestamp},
		{"Posted on 2024-03-14", Timestamp},
		// links
		{"https://news.example/2024/03/14/harbour-bridge", Link},
		{"Podcast feed: http://pod.example/ledger", Link},
		{"Follow our full coverage of the strike at https://ledger.example/strike", Link},
		{"Reach the reporter on Twitter at https://twitter.example/mkovalenko", Link},
		{"Keith Ander contributed reporting from Eastmere.", Byline},
		{"You may also like...", CallToAct},
		{"SEE MORE: Ferry strike enters its third day", CallToAct},
		{"Thanks for signing up!", Fragment},
		{"An error has occurred, please try again later.", Notice},
		{"Keep an eye on your inbox for the latest news.", Notice},
		{"ⓒ Ledger Media. Reproduction prohibited.", Credit},
		// fragments and subheads
		{"Traffic limits remain", Fragment},
		{"Related", CallToAct},
		{"Most read", CallToAct},
		{"Tags:", Fragment},
		{"Mayor Pledges Faster Repairs Across The Eastern District", Fragment},
		{"and more stories from the region this week", Fragment},
		{"What happens next?", Subhead},
		{"'Do not go back for the car'", Fragment},
		{"“A turning point for the port”", Fragment},
		{"Radio Ledger News - listen live on 98.1 FM or on our app.", Notice},
		{"Why does it matter?", Subhead},
	}
	for _, tt := range tests {
		if got := Classify(tt.line); got != tt.want {
			t.Errorf("Classify(%q) = %q, want %q", tt.line, got, tt.want)
		}
	}
}

// Real sentences, including short ones, quotes and ones that use debris
// words in reporting, must be kept.
func TestClassifyKeepsSentences(t *testing.T) {
	keep := []string{
		"Russia is Syria's most powerful ally.",
		"The talks failed.",
		"He resigned on Tuesday.",
		`"I think it's certainly possible".`,
		`"We will not back down," the mayor said.`,
		`"You are isolating yourselves," the ambassador told the council.`,
		`“Please, let us work,” said José Ibáñez, who runs a café near the market.`,
		"The company said it would share customer email addresses with partners under a new privacy policy.",
		"Tillerson declined to comment on the report.",
		"The state archive first published the letters in 1998.",
		"Officials told this story's reporters that the report was accurate.",
		"Human Rights Watch said at least 12 people were detained.",
		"By Wednesday, the troops had left the city.",
		"By the end of the day, 40 people had been rescued.",
		"Read the full statement, the spokesman told reporters, and you will see there is no threat.",
		"Follow-up talks are planned for May.",
		"The navy fired 24 cruise missiles at a coastal depot on Thursday.",
		"Council members voted 7-2 to approve the budget, which includes 4.2 million euros for the bridge.",
		"What is clear is that the ferry will keep running until the end of the month.",
		"Lavrov told Tillerson: the policy is consistent.",
		"Passenger groups had campaigned for the train's return with a petition that gathered 11,000 signatures",
		"The photo, taken on Monday, shows the damaged railing.",
		"Copyright lawyers said the ruling would change how photographs are licensed.",
		"The ministry published the report on its website, www.ministry.example, on Friday.",
		"Keep the windows closed, the fire service told residents.",
		"Ms Lindqvist has voiced caution on her talks with the union, and said she would wait and see about a new offer before Friday.",
		"Is this the end of the road for the night train, after 40 years of service to the valley?",
		`"We will not leave anyone behind."`,
		"'We have heard all this before,' she said.",
		"Shares in the company fell 4 percent after it said it would print fewer copies.",
		"Union and Harbour Authority trade blame as first stoppage since 2011 halts container traffic",
	}
	for _, s := range keep {
		if got := Classify(s); got != Keep {
			t.Errorf("Classify(%q) = %q, want it kept", s, got)
		}
	}
}

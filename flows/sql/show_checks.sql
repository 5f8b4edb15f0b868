-- The consistency checks of one report, in the published order.
SELECT check_id, lhs, rhs, ok FROM checks WHERE report_id = $report_id;
